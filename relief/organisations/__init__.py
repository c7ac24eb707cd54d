"""Organisations: the public-service units that deliver aid or answer complaints."""
