"""Depots, shipments, their status history and handover receipts (BAST)."""
