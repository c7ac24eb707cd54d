"""Event mutations by admins (create, change, close) and the checks writers call."""

import secrets
from datetime import UTC, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from relief.areas.queries import unknown_area_codes
from relief.audit.services import record
from relief.core import changes
from relief.core.errors import ConflictError, DomainError
from relief.events.models import Event
from relief.extensions import db

DEFAULT_EMERGENCY_DAYS = 14
CODE_PREFIX = {
    "flood": "BJR",
    "landslide": "LGS",
    "earthquake": "GMP",
    "tsunami": "TSU",
    "volcano": "GNA",
    "fire": "KBK",
    "drought": "KKR",
    "other": "BNC",
}


def _payload(event: Event) -> dict:
    return {
        "code": event.code,
        "name": event.name,
        "kind": event.kind,
        "started_on": event.started_on.isoformat(),
        "emergency_until": event.emergency_until.isoformat(),
        "regency_codes": list(event.regency_codes or []),
        "norm_profile": event.norm_profile,
        "ended_at": event.ended_at.isoformat() if event.ended_at else None,
    }


def _check_regencies(codes: list[str]) -> None:
    unknown = unknown_area_codes(codes, ("regency",))
    if unknown:
        raise DomainError(
            _("Data tidak valid."),
            {
                "regency_codes": [
                    _("Kabupaten/kota tidak dikenal: %(codes)s", codes=", ".join(unknown))
                ]
            },
        )


def _new_code(kind: str, year: int) -> str:
    """A short unique code for waybill numbers, e.g. BJR2026-4F2A."""
    while True:
        code = f"{CODE_PREFIX.get(kind, 'BNC')}{year}-{secrets.token_hex(2).upper()}"
        if db.session.scalar(select(Event.id).where(Event.code == code)) is None:
            return code


def create_event(data: dict) -> Event:
    """Open a live event (no replay moment): it runs on the real clock."""
    _check_regencies(data["regency_codes"])
    if db.session.scalar(select(Event.id).where(Event.name == data["name"].strip())):
        raise DomainError(_("Data tidak valid."), {"name": [_("Nama kejadian sudah dipakai.")]})
    started_on = data["started_at"].date()
    until = data.get("emergency_until") or started_on + timedelta(days=DEFAULT_EMERGENCY_DAYS - 1)
    if until < started_on:
        raise DomainError(
            _("Data tidak valid."),
            {"emergency_until": [_("Akhir tanggap darurat sebelum kejadian dimulai.")]},
        )
    event = Event(
        code=_new_code(data["kind"], started_on.year),
        name=data["name"].strip(),
        kind=data["kind"],
        started_on=started_on,
        emergency_until=until,
        regency_codes=sorted(set(data["regency_codes"])),
        norm_profile=data.get("norm_profile") or "kemensos",
        description=data.get("description") or "",
    )
    db.session.add(event)
    db.session.flush()
    record("create_event", "event", event.id, _payload(event))
    changes.note_reference("create_event")
    return event


def update_event(event: Event, data: dict) -> Event:
    """Rename, add regencies, move the emergency end, close (`ended_at`) or reopen."""
    if event.is_replay:
        raise ConflictError(_("Kejadian ini adalah putar ulang skenario dan tidak dapat diubah."))
    if "name" in data:
        event.name = data["name"].strip()
    if "regency_codes" in data:
        _check_regencies(data["regency_codes"])
        event.regency_codes = sorted(set(event.regency_codes or []) | set(data["regency_codes"]))
    if "emergency_until" in data:
        if data["emergency_until"] < event.started_on:
            raise DomainError(
                _("Data tidak valid."),
                {"emergency_until": [_("Akhir tanggap darurat sebelum kejadian dimulai.")]},
            )
        event.emergency_until = data["emergency_until"]
    if "ended_at" in data:
        ended = data["ended_at"]
        if ended is not None and ended.date() < event.started_on:
            raise DomainError(
                _("Data tidak valid."),
                {"ended_at": [_("Waktu penutupan sebelum kejadian dimulai.")]},
            )
        event.ended_at = ended.astimezone(UTC) if ended is not None else None
    db.session.flush()
    record("update_event", "event", event.id, _payload(event))
    changes.note_reference("update_event")  # names, periods and closings show on every page
    return event


def check_takes_writes(event: Event) -> None:
    """Refuse staff writes to a replayed scenario (409 with a clear message)."""
    if event.is_replay:
        raise ConflictError(
            _(
                "%(name)s adalah putar ulang skenario (per %(at)s): data baru tidak dapat "
                "dicatat. Pilih kejadian langsung, misalnya latihan.",
                name=event.name,
                at=event.scenario_at.strftime("%d-%m-%Y %H:%M UTC"),
            ),
            {"event_id": [_("Kejadian putar ulang hanya dapat dibaca.")]},
        )


def check_takes_shipments(event: Event) -> None:
    """Refuse new shipments for a replayed or closed event (409)."""
    check_takes_writes(event)
    if event.is_closed:
        raise ConflictError(
            _(
                "Kejadian %(name)s sudah ditutup pada %(at)s: tidak menerima pengiriman baru.",
                name=event.name,
                at=event.ended_at.strftime("%d-%m-%Y %H:%M UTC"),
            ),
            {"event_id": [_("Kejadian sudah ditutup.")]},
        )
