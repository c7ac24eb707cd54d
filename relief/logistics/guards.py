"""Checks and timeline steps shared by the shipment and receipt services."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from relief.auth.scope import check_shipment
from relief.core import changes
from relief.core.errors import ConflictError, DomainError
from relief.core.models import utcnow
from relief.events.services import check_takes_writes
from relief.logistics import rules
from relief.logistics.models import Shipment, StatusChange


def actor_name(user) -> str | None:
    """The audit actor for a user (None: the audit module decides)."""
    return user.username if user is not None else None


def by_label(user) -> str:
    """How the timeline names who did a step."""
    return user.name if user is not None else "system"


def check_time(field: str, at: datetime) -> None:
    """Refuse times in the future (with a little clock-skew tolerance)."""
    if rules.is_future(at, utcnow()):
        raise DomainError(_("Data tidak valid."), {field: [_("Waktu tidak boleh di masa depan.")]})


def check_point(lat: float | None, lon: float | None) -> None:
    """Both or neither coordinate, and inside Indonesia."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise DomainError(_("Data tidak valid."), {"lat": [_("Isi lintang dan bujur bersama.")]})
    if not rules.in_bbox(lat, lon, tuple(current_app.config["INDONESIA_BBOX"])):
        message = _("Koordinat di luar wilayah Indonesia.")
        raise DomainError(_("Data tidak valid."), {"lat": [message], "lon": [message]})


def check_may_write(shipment: Shipment, user) -> None:
    """A staff step on a shipment: its event is live, its village and depot in the user's scope."""
    if user is None:
        return
    check_takes_writes(shipment.event)
    check_shipment(user, shipment.destination_code, shipment.origin_depot)


def check_version(shipment: Shipment, version: int | None) -> None:
    """The client must have seen the current version (stale forms answer 409)."""
    if version is not None and version != shipment.version:
        raise ConflictError(
            _("Pengiriman ini sudah diubah orang lain; muat ulang halaman lalu coba lagi."),
            {"version": [_("Versi usang.")]},
        )


def move_status(
    shipment: Shipment,
    target: str,
    at: datetime,
    user,
    lat=None,
    lon=None,
    note="",
    label: str | None = None,
) -> None:
    """Apply a status transition and append it to the timeline, or refuse it (409)."""
    if not rules.can_transition(shipment.status, target):
        raise ConflictError(
            _("Status %(a)s tidak dapat diubah menjadi %(b)s.", a=shipment.status, b=target),
            {"status": [_("Perubahan status tidak diizinkan.")]},
        )
    shipment.history.append(
        StatusChange(
            from_status=shipment.status,
            to_status=target,
            at=at,
            lat=lat,
            lon=lon,
            note=note,
            by_user_id=user.id if user is not None else None,
            by_label=label or by_label(user),
        )
    )
    shipment.status = target


def announce(sender: str, shipment: Shipment) -> None:
    """Note which village's shipments changed (the write boundary runs rules, renews pages)."""
    changes.note_villages(changes.SHIPMENTS, sender, shipment.event_id, {shipment.destination_code})


def sees_confirmation_code(user) -> bool:
    """Only logistics staff, who print the waybill, see the village confirmation code.

    Whoever holds the code can confirm receipt publicly, so the Ombudsman (who audits
    receipts) and admins read every other fact of a shipment but not the code.
    """
    return getattr(user, "role", None) == "logistics"
