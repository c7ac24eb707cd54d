"""The administrative hierarchy: province, regencies, districts, villages."""
