"""Residents' complaints (pengaduan): reports, their states and history."""
