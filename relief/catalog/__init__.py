"""Commodities, their units and the norms that turn people into needs."""
