"""Background jobs as an admin sees them: the worker command, the runs page and API."""
