"""Administration: the setup checklist and the reference-data pages (events, organisations,
depots, staff accounts)."""
