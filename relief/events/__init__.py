"""Disasters: each shipment, assessment and alert belongs to one event."""
