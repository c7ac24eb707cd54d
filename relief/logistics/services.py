"""Shipment mutations (verb-first): each flushes, records an audit entry and sends a signal."""

import functools
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from relief.areas.models import Area
from relief.areas.spatial import distance_to_village_m
from relief.audit.overrides import record_overrides, refuse_unless_overridden, threshold
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.auth.scope import check_shipment
from relief.catalog.models import Commodity, Norm
from relief.core import plausibility
from relief.core.errors import ConflictError, DomainError
from relief.core.models import insert_returning, loaded_objects, utcnow
from relief.events.models import Event
from relief.events.services import check_takes_shipments
from relief.extensions import db
from relief.logistics import rules
from relief.logistics.guards import (
    actor_name,
    announce,
    by_label,
    check_may_write,
    check_point,
    check_time,
    check_version,
    move_status,
)
from relief.logistics.models import Depot, Shipment, ShipmentItem, StatusChange
from relief.logistics.receipts import record_receipt
from relief.stock import services as stock

__all__ = [
    "cancel_shipment",
    "check_may_write",
    "check_version",
    "create_shipment",
    "deliver_shipment",
    "dispatch_shipment",
    "record_receipt",
]


def _reference_problems(data: dict) -> dict:
    fields: dict = {}
    if db.session.get(Event, data["event_id"]) is None:
        fields["event_id"] = [_("Kejadian tidak dikenal.")]
    if db.session.get(Depot, data["origin_depot_id"]) is None:
        fields["origin_depot_id"] = [_("Gudang asal tidak dikenal.")]
    level = db.session.scalar(select(Area.level).where(Area.code == data["destination_code"]))
    if level != "village":
        fields["destination_code"] = [_("Kode desa/kelurahan tidak dikenal.")]
    return fields


def _next_shipment_id(dialect: str):
    """The id the next shipment gets, read with its references so that the insert writes the
    waybill (which carries the id) at once. PostgreSQL draws it from the column's sequence,
    as the insert would have; SQLite gives a new row max(id) + 1 too, and a writing
    transaction holds the database's write lock from its BEGIN IMMEDIATE (relief.core.
    database), so no other writer can take the same id meanwhile."""
    if dialect == "postgresql":
        return func.nextval(func.pg_get_serial_sequence("shipment", "id"))
    return select(func.coalesce(func.max(Shipment.id), 0) + 1).scalar_subquery()


@functools.cache
def _statements(dialect: str) -> dict:
    """Built once per dialect, on first use (the create path runs them on every shipment;
    building and keying them cost as much as running them)."""
    return {
        "references": (
            select(Event, Depot, Area, _next_shipment_id(dialect).label("next_id"))
            .select_from(Event)
            .join(Depot, Depot.id == bindparam("depot_id"))
            .join(Area, and_(Area.code == bindparam("code"), Area.level == "village"))
            .where(Event.id == bindparam("event_id"))
        ),
        # The event's norm of each commodity comes along: the plausibility guard needs it.
        "commodities": (
            select(Commodity, Norm)
            .outerjoin(
                Norm,
                and_(Norm.commodity_code == Commodity.code, Norm.profile == bindparam("profile")),
            )
            .where(Commodity.code.in_(bindparam("codes", expanding=True)))
            .options(joinedload(Commodity.units))
        ),
        "shipment": insert_returning(Shipment),
        "items": insert_returning(ShipmentItem, sort_by_parameter_order=True),
        "steps": insert_returning(StatusChange),
    }


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _references(data: dict) -> tuple[Event, Depot, Area, int] | None:
    """Event, depot, destination village and the new shipment's id in one round trip; None
    if any is unknown."""
    row = db.session.execute(
        _statements(_dialect())["references"],
        {
            "event_id": data["event_id"],
            "depot_id": data["origin_depot_id"],
            "code": data["destination_code"],
        },
    ).first()
    return tuple(row) if row is not None else None


def _commodities(items: list[dict], profile: str | None) -> tuple[dict[str, Commodity], list]:
    """The commodities named by item lines, with their units, and their norms in the norm
    profile, in one round trip."""
    codes = sorted({item["commodity"] for item in items})
    rows = db.session.execute(
        _statements(_dialect())["commodities"], {"codes": codes, "profile": profile}
    ).unique()
    commodities, norms = {}, []
    for commodity, norm in rows:
        commodities[commodity.code] = commodity
        if norm is not None:
            norms.append(norm)
    return commodities, norms


def create_shipment(
    data: dict, user=None, planned_at: datetime | None = None, is_demo: bool = False
) -> Shipment:
    """Log a planned shipment with its items and its waybill number.

    Round trips stay few: one read for the event, depot and village (and the new id), one
    for the commodities with their units and norms, then the rows are inserted with
    INSERT ... RETURNING (no unit of work: it cost more than everything else together) and
    the loaded objects are attached to them, so that the answer is serialised without lazy
    loads.
    """
    references = _references(data)
    fields = {} if references else _reference_problems(data)
    commodities, norms = _commodities(
        data["items"], references[0].norm_profile if references else None
    )
    factors = {code: {u.code: float(u.factor) for u in c.units} for code, c in commodities.items()}
    bases, problems = rules.convert_items(data["items"], factors)
    if problems:
        fields["items"] = {str(i): {f: [_(m)] for f, m in p.items()} for i, p in problems.items()}
    if fields or references is None:
        raise DomainError(_("Pengiriman tidak dapat dicatat."), fields)
    event, depot, village, shipment_id = references
    if not is_demo:
        check_takes_shipments(event)
        check_shipment(user, village.code, depot)
    implausible = plausibility.quantities(
        [
            (i, item["commodity"], base)
            for i, (item, base) in enumerate(zip(data["items"], bases, strict=True))
        ],
        period_need(norms, event, village),
        threshold("PLAUSIBILITY_NEED_MULTIPLE"),
    )
    refuse_unless_overridden(implausible, data.get("override_reason"))
    planned_at = planned_at or utcnow()
    user_id = user.id if user is not None else None
    statements = _statements(_dialect())
    # The waybill carries the id, drawn with the references: one insert, no update after it.
    # A new shipment starts at version 2, as when an update numbered it after the insert (an
    # answer's version stays what clients have seen; 1 remains a stale version to refuse).
    waybill = rules.waybill_number(event.code, shipment_id)
    session = db.session()
    row = session.execute(
        statements["shipment"],
        dict(
            id=shipment_id,
            waybill_no=waybill,
            event_id=event.id,
            origin_depot_id=depot.id,
            destination_code=village.code,
            posko_name=data.get("posko_name"),
            vehicle_plate=data.get("vehicle_plate"),
            driver_name=data.get("driver_name"),
            driver_phone=data.get("driver_phone"),
            notes=data.get("notes") or "",
            status="planned",
            created_at=planned_at,
            is_demo=is_demo,
            created_by_id=user_id,
            version=2,
        ),
    ).one()
    (shipment,) = loaded_objects(session, Shipment, [row])
    items = loaded_objects(
        session,
        ShipmentItem,
        session.execute(
            statements["items"],
            [
                dict(
                    shipment_id=shipment.id,
                    commodity_code=item["commodity"],
                    quantity=item["quantity"],
                    unit=item["unit"],
                    quantity_base=base,
                    lot=item.get("lot"),
                    expires_on=item.get("expires_on"),
                )
                for item, base in zip(data["items"], bases, strict=True)
            ],
        ),
    )
    history = loaded_objects(
        session,
        StatusChange,
        session.execute(
            statements["steps"],
            [
                dict(
                    shipment_id=shipment.id,
                    from_status=None,
                    to_status="planned",
                    at=planned_at,
                    recorded_at=utcnow(),
                    by_label=by_label(user),
                    by_user_id=user_id,
                    lat=None,
                    lon=None,
                    note="",
                )
            ],
        ),
    )
    for step in history:
        set_committed_value(step, "by_user", user)
        set_committed_value(step, "shipment", shipment)
    for item in items:
        set_committed_value(item, "commodity", commodities[item.commodity_code])
        set_committed_value(item, "shipment", shipment)
    for name, value in (
        ("items", items),
        ("history", history),
        ("receipt", None),
        ("amendments", []),
        ("event", event),
        ("origin_depot", depot),
        ("destination", village),
    ):
        set_committed_value(shipment, name, value)
    record(
        "create_shipment",
        "shipment",
        shipment.id,
        {
            "waybill_no": shipment.waybill_no,
            "event_id": shipment.event_id,
            "origin_depot_id": shipment.origin_depot_id,
            "destination": shipment.destination_code,
            "items": [[i.commodity_code, i.quantity, i.unit, i.quantity_base] for i in items],
            ROWS: state_of(shipment, *items, *history),
        },
        actor=actor_name(user),
    )
    if record_overrides(
        implausible, data.get("override_reason"), "shipment", shipment.id, event.id, village.code
    ):
        announce("plausibility_override", shipment)  # planned shipments run no rules else
    announce("create_shipment", shipment)
    return shipment


def whole_period_need(event: Event, village: Area) -> dict[str, float]:
    """Per commodity, what the whole village could need over the emergency period: its
    population as the largest possible basis (households as persons: an upper bound)."""
    if not village.population:
        return {}
    norms = db.session.scalars(select(Norm).where(Norm.profile == event.norm_profile))
    return period_need(norms, event, village)


def period_need(norms, event: Event, village: Area) -> dict[str, float]:
    """`whole_period_need` from norms of the event's profile already read."""
    if not village.population:
        return {}
    return {
        n.commodity_code: float(n.amount)
        * village.population
        * (event.emergency_days if n.period == "day" else 1)
        for n in norms
    }


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
