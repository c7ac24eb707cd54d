"""Reads over depots and shipments."""

import functools
from datetime import UTC, date, datetime, time, timedelta

from flask import abort
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from relief.areas.models import Area
from relief.areas.queries import within
from relief.extensions import db
from relief.logistics.models import Depot, Receipt, Shipment, ShipmentItem


def all_depots() -> list[Depot]:
    """Every depot, by name."""
    return list(db.session.scalars(select(Depot).order_by(Depot.name)))


def status_counts(event_id: int) -> dict[str, int]:
    """Number of shipments per status in one event."""
    stmt = (
        select(Shipment.status, func.count())
        .where(Shipment.event_id == event_id)
        .group_by(Shipment.status)
    )
    return {status: count for status, count in db.session.execute(stmt)}


def _has_receipt():
    return select(Receipt.id).where(Receipt.shipment_id == Shipment.id).exists()


def missing_bast(event_id: int, scope: list[str] | None, limit: int = 10) -> tuple[int, list]:
    """Delivered shipments of an event still without a BAST: how many, and the oldest."""
    stmt = (
        select(Shipment)
        .join(Area, Area.code == Shipment.destination_code)
        .options(selectinload(Shipment.destination))
        .where(Shipment.event_id == event_id, Shipment.status == "delivered", ~_has_receipt())
    )
    if scope is not None:
        stmt = stmt.where(within(Shipment.destination_code, scope))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    oldest = db.session.scalars(stmt.order_by(Shipment.delivered_at, Shipment.id).limit(limit))
    return total or 0, list(oldest)


def area_by_name(text: str, level: str) -> str | None:
    """The code an area filter means: a code as typed, else the area of that level whose
    name matches (an exact name first, then the first whose name contains the text)."""
    text = (text or "").strip()
    if not text or text[0].isdigit():
        return text or None
    needle = text.lower()
    rows = db.session.execute(
        select(Area.code, Area.name)
        .where(Area.level == level, func.lower(Area.name).contains(needle, autoescape=True))
        .order_by(Area.code)
        .limit(50)
    ).all()
    exact = [code for code, name in rows if name.lower() == needle]
    return (exact or [code for code, _name in rows] or [None])[0]


def district_names(regency: str | None = None) -> list[tuple[str, str, str]]:
    """(code, name, regency name) of every district, for the list filter's suggestions."""
    regency_area = Area.__table__.alias("regency_area")
    stmt = (
        select(Area.code, Area.name, regency_area.c.name)
        .join(regency_area, regency_area.c.code == Area.regency_code)
        .where(Area.level == "district")
        .order_by(Area.name, Area.code)
    )
    if regency:
        stmt = stmt.where(Area.regency_code == regency)
    return [tuple(row) for row in db.session.execute(stmt)]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def shipment_search(filters: dict) -> Select:
    """Shipments matching the list filters, newest first (destination joined for area filters)."""
    stmt = (
        select(Shipment)
        .join(Area, Area.code == Shipment.destination_code)
        .options(
            selectinload(Shipment.items).selectinload(ShipmentItem.commodity),
            selectinload(Shipment.origin_depot),
            selectinload(Shipment.destination),
        )
        .order_by(Shipment.created_at.desc(), Shipment.id.desc())
    )
    if filters.get("event_id"):
        stmt = stmt.where(Shipment.event_id == filters["event_id"])
    if filters.get("scope") is not None:
        stmt = stmt.where(within(Shipment.destination_code, filters["scope"]))
    if filters.get("regency"):
        stmt = stmt.where(Area.regency_code == filters["regency"])
    if filters.get("district"):
        stmt = stmt.where(Area.district_code == filters["district"])
    if filters.get("destination_code"):
        stmt = stmt.where(Shipment.destination_code == filters["destination_code"])
    if filters.get("status"):
        stmt = stmt.where(Shipment.status == filters["status"])
    if filters.get("commodity"):
        stmt = stmt.where(
            select(ShipmentItem.id)
            .where(
                ShipmentItem.shipment_id == Shipment.id,
                ShipmentItem.commodity_code == filters["commodity"],
            )
            .exists()
        )
    if filters.get("missing_bast"):
        stmt = stmt.where(Shipment.status == "delivered", ~_has_receipt())
    if filters.get("date_from"):
        stmt = stmt.where(Shipment.created_at >= _day_start(filters["date_from"]))
    if filters.get("date_to"):
        stmt = stmt.where(Shipment.created_at < _day_start(filters["date_to"] + timedelta(days=1)))
    return stmt


@functools.cache
def _shipment_statement() -> Select:
    """Built once, on first use (the mappers are complete by then): every step runs it."""
    return (
        select(Shipment)
        .where(Shipment.id == bindparam("shipment_id"))
        .options(
            joinedload(Shipment.origin_depot),
            joinedload(Shipment.destination),
            joinedload(Shipment.event),
            joinedload(Shipment.receipt).selectinload(Receipt.items),
            selectinload(Shipment.items).joinedload(ShipmentItem.commodity),
            selectinload(Shipment.history),
        )
    )


def get_shipment(shipment_id: int) -> Shipment:
    """One shipment with everything its answer shows, or 404.

    Three or four statements: the shipment with its depot, village, event and receipt; its
    items with their commodities; its history; the receipt's lines when there is a receipt.
    """
    shipment = db.session.scalar(_shipment_statement(), {"shipment_id": shipment_id})
    if shipment is None:
        abort(404)
    return shipment


def shipment_by_code(code: str) -> Shipment | None:
    """The shipment whose waybill carries a confirmation code (for the village channel)."""
    return db.session.scalar(select(Shipment).where(Shipment.confirmation_code == code))


def last_shipment_of(user) -> Shipment | None:
    """The shipment this user logged last ("repeat last shipment", default depot)."""
    return db.session.scalar(
        select(Shipment)
        .where(Shipment.created_by_id == user.id)
        .options(selectinload(Shipment.items))
        .order_by(Shipment.created_at.desc(), Shipment.id.desc())
        .limit(1)
    )


def depot_search(filters: dict | None = None) -> Select:
    """Depots by organisation, regency and name, by name."""
    filters = filters or {}
    stmt = select(Depot).order_by(Depot.name)
    if filters.get("organisation_id"):
        stmt = stmt.where(Depot.organisation_id == filters["organisation_id"])
    if filters.get("regency"):
        stmt = stmt.where(Depot.regency_code == filters["regency"])
    if filters.get("q"):
        stmt = stmt.where(
            func.lower(Depot.name).contains(filters["q"].strip().lower(), autoescape=True)
        )
    return stmt


def depots_of(organisation_id: int | None) -> list[Depot]:
    """The depots a user of this organisation may ship from."""
    stmt = select(Depot).order_by(Depot.name)
    stmt = stmt.where(
        Depot.organisation_id.is_(None)
        if organisation_id is None
        else Depot.organisation_id == organisation_id
    )
    return list(db.session.scalars(stmt))
