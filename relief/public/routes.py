"""Public pages (no account) and the Ombudsman's report inbox, on one blueprint."""

from relief.public import complaints, confirmation, inbox, pages  # noqa: F401 - register views
from relief.public.blueprint import bp

__all__ = ["bp"]
