"""Residents and villages by SMS or WhatsApp, through any gateway."""
