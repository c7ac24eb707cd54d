"""Reads behind the field app: the reference data a phone keeps for offline use."""

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, selectinload

from relief.areas.models import Area
from relief.auth.models import User
from relief.catalog.queries import all_commodities
from relief.core.formatting import local_name
from relief.events.queries import all_events
from relief.extensions import db
from relief.field.scope import in_scope, scope_prefixes
from relief.logistics.models import Depot, Shipment
from relief.logistics.queries import last_shipment_of

OPEN_STATUSES = ("planned", "dispatched")
MAX_SHIPMENTS = 500


def _prefix_filter(column, prefixes: list[str] | None):
    if prefixes is None:
        return True
    return or_(*[or_(column == p, column.like(p + ".%")) for p in prefixes])


def scope_villages(prefixes: list[str] | None) -> list[dict]:
    """Villages of the scope with their district and regency names, for the picker."""
    district = aliased(Area)
    regency = aliased(Area)
    rows = db.session.execute(
        select(Area.code, Area.name, Area.kind, district.name, regency.name)
        .outerjoin(district, district.code == Area.district_code)
        .outerjoin(regency, regency.code == Area.regency_code)
        .where(Area.level == "village", _prefix_filter(Area.code, prefixes))
        .order_by(Area.code)
    )
    return [
        {"code": code, "name": name, "kind": kind or "", "district": d or "", "regency": r or ""}
        for code, name, kind, d, r in rows
    ]


def scope_depots(prefixes: list[str] | None) -> list[Depot]:
    """Depots inside the scope (every depot when the scope is everywhere)."""
    depots = db.session.scalars(select(Depot).order_by(Depot.name))
    return [d for d in depots if in_scope(d.regency_code, prefixes)]


def open_shipments(depot_ids: list[int]) -> list[Shipment]:
    """Planned and dispatched shipments leaving these depots, newest first."""
    if not depot_ids:
        return []
    return list(
        db.session.scalars(
            select(Shipment)
            .where(Shipment.origin_depot_id.in_(depot_ids), Shipment.status.in_(OPEN_STATUSES))
            .options(selectinload(Shipment.items), selectinload(Shipment.destination))
            .order_by(Shipment.created_at.desc(), Shipment.id.desc())
            .limit(MAX_SHIPMENTS)
        )
    )


def _commodity(commodity) -> dict:
    units = sorted(commodity.units, key=lambda u: (u.factor != 1, u.factor))
    base_name = next(
        (local_name(u) for u in units if u.code == commodity.base_unit), commodity.base_unit
    )
    return {
        "code": commodity.code,
        "name": local_name(commodity),
        "base_unit": commodity.base_unit,
        "base_unit_name": base_name,
        "tracks_lots": commodity.tracks_lots,
        "units": [
            {"code": u.code, "name": local_name(u), "factor": float(u.factor)} for u in units
        ],
    }


def _shipment(shipment: Shipment) -> dict:
    return {
        "id": shipment.id,
        "waybill_no": shipment.waybill_no,
        "status": shipment.status,
        "version": shipment.version,
        "event_id": shipment.event_id,
        "origin_depot_id": shipment.origin_depot_id,
        "destination_code": shipment.destination_code,
        "destination_name": shipment.destination.name,
        "vehicle_plate": shipment.vehicle_plate,
        "driver_name": shipment.driver_name,
        "dispatched_at": shipment.dispatched_at.isoformat() if shipment.dispatched_at else None,
        "items": [
            {
                "commodity": i.commodity_code,
                "quantity": i.quantity,
                "unit": i.unit,
                "quantity_base": i.quantity_base,
            }
            for i in shipment.items
        ],
    }


def _repeat_body(shipment: Shipment | None) -> dict | None:
    if shipment is None:
        return None
    return {
        "event_id": shipment.event_id,
        "origin_depot_id": shipment.origin_depot_id,
        "destination_code": shipment.destination_code,
        "vehicle_plate": shipment.vehicle_plate or "",
        "driver_name": shipment.driver_name or "",
        "driver_phone": shipment.driver_phone or "",
        "items": [
            {"commodity": i.commodity_code, "quantity": i.quantity, "unit": i.unit}
            for i in shipment.items
        ],
    }


def reference_for(user: User) -> dict:
    """Everything the field app needs offline: events, depots, villages, goods, shipments."""
    prefixes = scope_prefixes(user)
    depots = scope_depots(prefixes)
    last = last_shipment_of(user)
    depot_ids = [d.id for d in depots]
    default_depot = (
        last.origin_depot_id
        if last is not None and last.origin_depot_id in depot_ids
        else (depot_ids[0] if depot_ids else None)
    )
    return {
        "user": {"id": user.id, "name": user.name, "default_depot_id": default_depot},
        "events": [
            {
                "id": e.id,
                "code": e.code,
                "name": e.name,
                "started_on": e.started_on.isoformat(),
                "writable": e.scenario_at is None,
            }
            for e in all_events()
        ],
        "depots": [{"id": d.id, "name": d.name, "regency_code": d.regency_code} for d in depots],
        "villages": scope_villages(prefixes),
        "commodities": [_commodity(c) for c in all_commodities()],
        "shipments": [_shipment(s) for s in open_shipments(depot_ids)],
        "last_shipment": _repeat_body(last),
    }
