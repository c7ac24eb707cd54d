"""Shipment rules as pure functions: status transitions, numbering, codes, quantity checks."""

import secrets
from collections.abc import Mapping
from datetime import datetime

from relief.catalog.units import to_base

# Allowed next statuses; anything not listed is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"dispatched", "cancelled"}),
    "dispatched": frozenset({"delivered", "cancelled"}),
    "delivered": frozenset(),
    "cancelled": frozenset(),
}

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CONFIRMATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CONFIRMATION_LENGTH = 8


def N_(msgid: str) -> str:  # noqa: N802 - the marker Babel extracts by default
    """Mark a message for extraction; callers translate it with gettext."""
    return msgid


def can_transition(current: str, target: str) -> bool:
    """Whether a shipment in `current` status may move to `target`."""
    return target in TRANSITIONS.get(current, frozenset())


def waybill_number(event_code: str, shipment_id: int) -> str:
    """Surat jalan number, e.g. `SJ/BJR2020/000123`; unique because the id is."""
    return f"SJ/{event_code}/{shipment_id:06d}"


def confirmation_code(length: int = CONFIRMATION_LENGTH) -> str:
    """A random, unguessable code for the village to confirm receipt."""
    return "".join(secrets.choice(CONFIRMATION_ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """A typed confirmation code in canonical form (upper case, no spaces or dashes)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def in_bbox(lat: float, lon: float, bbox: tuple[float, float, float, float]) -> bool:
    """Whether a point lies in a (min lon, min lat, max lon, max lat) box."""
    min_lon, min_lat, max_lon, max_lat = bbox
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


def is_future(at: datetime, now: datetime, tolerance_s: float = 300) -> bool:
    """Whether a reported time lies ahead of now (a few minutes of clock skew allowed)."""
    return (at - now).total_seconds() > tolerance_s


def receipt_problems(
    logged: float, accepted: float, rejected: float, reason: str
) -> list[tuple[str, str]]:
    """What is wrong with one receipt line: (field it concerns, msgid) pairs."""
    problems = []
    if accepted < 0 or rejected < 0:
        problems.append(
            ("accepted" if accepted < 0 else "rejected", N_("Jumlah tidak boleh negatif."))
        )
    if round(accepted + rejected, 3) > round(logged, 3):
        problems.append(("accepted", N_("Diterima + ditolak melebihi jumlah yang dikirim.")))
    if rejected > 0 and not reason.strip():
        problems.append(("reason", N_("Alasan penolakan wajib diisi bila ada yang ditolak.")))
    return problems


def convert_items(
    items: list[Mapping], factors: Mapping[str, Mapping[str, float]]
) -> tuple[list[float | None], dict[int, dict[str, str]]]:
    """Base quantities of item lines, plus msgid problems by line index and field."""

    bases: list[float | None] = []
    problems: dict[int, dict[str, str]] = {}
    for index, item in enumerate(items):
        units = factors.get(item["commodity"])
        if units is None:
            problems[index] = {"commodity": N_("Komoditas tidak dikenal.")}
            bases.append(None)
        elif item["unit"] not in units:
            problems[index] = {"unit": N_("Satuan tidak dikenal untuk komoditas ini.")}
            bases.append(None)
        else:
            bases.append(to_base(item["quantity"], item["unit"], units))
    return bases, problems
