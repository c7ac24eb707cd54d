"""Tracking codes: short, unguessable, easy to read aloud over a phone (pure)."""

import re
import secrets

# No 0/O, 1/I/L: the characters people confuse when they read a code aloud or copy it.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10  # 31**10 is about 8e14 codes: guessing one is hopeless at our rate limits
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_tracking_code() -> str:
    """A fresh random code such as `7KQ2M-XH4TA`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_tracking_code(text: str | None) -> str | None:
    """The canonical form of what a resident typed (any case, spaces or dashes), or None."""
    raw = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    if not _VALID.match(raw):
        return None
    return f"{raw[:5]}-{raw[5:]}"
