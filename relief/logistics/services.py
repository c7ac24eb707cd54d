"""Shipment mutations (verb-first): each flushes, records an audit entry and sends a signal."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from relief.areas.models import Area
from relief.areas.spatial import distance_to_village_m
from relief.audit.overrides import record_overrides, refuse_unless_overridden, threshold
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.catalog.models import Norm
from relief.core import plausibility
from relief.core.errors import ConflictError, DomainError
from relief.core.models import utcnow
from relief.events.models import Event
from relief.extensions import db
from relief.logistics import rules
from relief.logistics.creation import create_shipment, log_shipment, period_need
from relief.logistics.guards import (
    actor_name,
    announce,
    check_may_write,
    check_point,
    check_time,
    check_version,
    move_status,
)
from relief.logistics.models import Depot, Shipment
from relief.logistics.receipts import record_receipt
from relief.stock import services as stock

__all__ = [
    "cancel_shipment",
    "check_may_write",
    "check_version",
    "create_shipment",
    "log_shipment",
    "deliver_shipment",
    "dispatch_shipment",
    "record_receipt",
]


def whole_period_need(event: Event, village: Area) -> dict[str, float]:
    """Per commodity, what the whole village could need over the emergency period: its
    population as the largest possible basis (households as persons: an upper bound)."""
    if not village.population:
        return {}
    norms = db.session.scalars(select(Norm).where(Norm.profile == event.norm_profile))
    return period_need(norms, event, village)


def depot_ref(depot: Depot) -> stock.DepotRef:
    """A depot as the stock ledger knows it."""
    return stock.DepotRef(depot.id, depot.name, depot.regency_code)


def _unique_confirmation_code() -> str:
    while True:
        code = rules.confirmation_code()
        if db.session.scalar(select(Shipment.id).where(Shipment.confirmation_code == code)) is None:
            return code


def dispatch_shipment(
    shipment: Shipment,
    version: int | None,
    dispatched_at: datetime | None,
    user=None,
    lat: float | None = None,
    lon: float | None = None,
) -> Shipment:
    """Send a planned shipment on its way; assigns the village confirmation code."""
    check_may_write(shipment, user)
    check_version(shipment, version)
    at = dispatched_at or utcnow()
    check_time("dispatched_at", at)
    check_point(lat, lon)
    # Staff often log after the fact (weak signal): a dispatch may predate the record,
    # but not the disaster itself.
    if at.date() < shipment.event.started_on:
        raise DomainError(
            _("Data tidak valid."),
            {"dispatched_at": [_("Waktu berangkat tidak boleh sebelum kejadian bencana dimulai.")]},
        )
    requested: dict[str, float] = {}
    for item in shipment.items:
        requested[item.commodity_code] = requested.get(item.commodity_code, 0.0) + float(
            item.quantity_base
        )
    # The ledger line is written (or the dispatch refused for want of stock) before the
    # shipment changes: a refusal leaves nothing to undo.
    stock.record_dispatch(
        depot_ref(shipment.origin_depot),
        shipment.id,
        requested,
        at,
        shipment.event_id,
        shipment.destination_code,
        user,
    )
    code = _unique_confirmation_code()  # its lookup comes first: the dispatch is one UPDATE
    move_status(shipment, "dispatched", at, user, lat, lon)
    shipment.dispatched_at = at
    shipment.confirmation_code = code
    db.session.flush()
    record(
        "dispatch_shipment",
        "shipment",
        shipment.id,
        {
            "at": at.isoformat(),
            "version": shipment.version,
            ROWS: state_of(shipment, shipment.history[-1]),
        },
        actor=actor_name(user),
    )
    announce("dispatch_shipment", shipment)
    return shipment


def deliver_shipment(shipment: Shipment, data: dict, user=None) -> Shipment:
    """Mark a dispatched shipment delivered; with `received_by` also its staff BAST."""
    check_may_write(shipment, user)
    check_version(shipment, data.get("version"))
    at = data.get("delivered_at") or utcnow()
    check_time("delivered_at", at)
    lat, lon = data.get("lat"), data.get("lon")
    check_point(lat, lon)
    if shipment.status == "planned":
        raise ConflictError(
            _("Pengiriman belum diberangkatkan."),
            {"status": [_("Catat keberangkatan sebelum penerimaan.")]},
        )
    if shipment.dispatched_at and at < shipment.dispatched_at:
        raise DomainError(
            _("Data tidak valid."),
            {"delivered_at": [_("Waktu tiba tidak boleh sebelum waktu berangkat.")]},
        )
    # Metres outside the destination village (0 inside): the location_mismatch alert reads it.
    # Measured before the changes below, so that its lookup does not flush them early and
    # the delivery is one UPDATE (one version step).
    distance = (
        distance_to_village_m(shipment.destination_code, lat, lon)
        if lat is not None and lon is not None
        else None
    )
    implausible = plausibility.handover(distance, threshold("PLAUSIBILITY_HANDOVER_MAX_M"))
    refuse_unless_overridden(implausible, data.get("override_reason"))
    move_status(shipment, "delivered", at, user, lat, lon)
    shipment.delivered_at, shipment.delivery_lat, shipment.delivery_lon = at, lat, lon
    shipment.delivery_distance_m = distance
    db.session.flush()
    record(
        "deliver_shipment",
        "shipment",
        shipment.id,
        {
            "at": at.isoformat(),
            "lat": lat,
            "lon": lon,
            "version": shipment.version,
            "distance_m": shipment.delivery_distance_m,
            ROWS: state_of(shipment, shipment.history[-1]),
        },
        actor=actor_name(user),
    )
    record_overrides(
        implausible,
        data.get("override_reason"),
        "shipment",
        shipment.id,
        shipment.event_id,
        shipment.destination_code,
    )
    if data.get("received_by"):
        record_receipt(
            shipment,
            data["received_by"],
            data.get("receiver_role") or "",
            at,
            lat,
            lon,
            data.get("items") or [],
            "staff",
            user,
            photos=data.get("photos") or [],
            accuracy_m=data.get("accuracy_m"),
        )
    announce("deliver_shipment", shipment)
    return shipment


def cancel_shipment(shipment: Shipment, version: int | None, reason: str, user=None) -> Shipment:
    """Cancel a planned or dispatched shipment, with a reason."""
    check_may_write(shipment, user)
    check_version(shipment, version)
    if not reason.strip():
        raise DomainError(_("Data tidak valid."), {"reason": [_("Alasan pembatalan wajib diisi.")]})
    at = utcnow()
    if shipment.status == "dispatched":  # the goods come back to the depot
        stock.return_cancelled_dispatch(depot_ref(shipment.origin_depot), shipment.id, at, user)
    move_status(shipment, "cancelled", at, user, note=reason)
    shipment.cancelled_at, shipment.cancel_reason = at, reason
    db.session.flush()
    record(
        "cancel_shipment",
        "shipment",
        shipment.id,
        {
            "at": at.isoformat(),
            "reason": reason,
            ROWS: state_of(shipment, shipment.history[-1]),
        },
        actor=actor_name(user),
    )
    announce("cancel_shipment", shipment)
    return shipment
