"""Depot stock: an append-only ledger per depot and commodity; on hand is derived from it."""
