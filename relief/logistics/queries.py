"""Reads over depots and shipments."""

from sqlalchemy import func, select

from relief.extensions import db
from relief.logistics.models import Depot, Shipment


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
