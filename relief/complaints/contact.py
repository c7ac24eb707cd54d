"""What kind of contact a resident left with a complaint (pure)."""

import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,19}$")


def contact_kind(contact: str | None) -> str | None:
    """ "email", "phone", or None for no contact or one that is neither."""
    text = (contact or "").strip()
    if EMAIL.match(text):
        return "email"
    if PHONE.match(text):
        return "phone"
    return None
