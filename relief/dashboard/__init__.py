"""The staff dashboard: where staff land after signing in (reads several domains)."""
