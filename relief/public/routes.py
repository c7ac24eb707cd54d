"""Public pages (no account) and the Ombudsman's report inbox, on one blueprint."""

from relief.public import complaints, confirmation, inbox, pages, unit  # noqa: F401 - views
from relief.public.blueprint import bp

__all__ = ["bp"]
