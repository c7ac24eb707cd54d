"""The field app: an installable, offline-first app for logistics staff."""
