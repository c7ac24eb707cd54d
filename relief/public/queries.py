"""Reads behind the public pages: a village's aid status without any personal data."""

from datetime import datetime

from flask import abort
from sqlalchemy import func, select

from relief.alerts.queries import village_active_alerts
from relief.areas.models import Area
from relief.catalog.models import Commodity
from relief.catalog.queries import norms_for
from relief.complaints.models import ResidentReport
from relief.coverage.models import Assessment
from relief.coverage.queries import village_coverage
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Receipt, ReceiptItem, Shipment, ShipmentItem

RECENT_DELIVERIES = 15  # keeps the status page light on a phone; totals cover the rest


def open_alert_count(village_code: str) -> int:
    """Active (open or acknowledged) Ombudsman alerts on a village."""
    return village_active_alerts(village_code)


def village_or_404(code: str) -> Area:
    """A village (desa or kelurahan) by code, or 404."""
    area = db.session.get(Area, code)
    if area is None or area.level != "village":
        abort(404)
    return area


def children_of(code: str) -> list[Area]:
    """The areas directly below a province, regency or district, by name."""
    stmt = select(Area).where(Area.parent_code == code).order_by(Area.name)
    return list(db.session.scalars(stmt))


def report_by_code(tracking_code: str | None) -> ResidentReport:
    """A report by its canonical tracking code, or a 404 that says nothing more."""
    report = None
    if tracking_code:
        report = db.session.scalar(
            select(ResidentReport).where(ResidentReport.tracking_code == tracking_code)
        )
    if report is None:
        abort(404)
    return report


def shipment_by_confirmation_code(code: str | None) -> Shipment | None:
    """The dispatched or delivered shipment a waybill code names, if any."""
    if not code:
        return None
    return db.session.scalar(
        select(Shipment).where(Shipment.confirmation_code == code,
                               Shipment.status.in_(("dispatched", "delivered")))
    )


def _commodity_columns():
    return (Commodity.code.label("commodity"), Commodity.name_id, Commodity.name_en,
            Commodity.base_unit)


def recent_deliveries(event_id: int, code: str, as_of: datetime,
                      limit: int = RECENT_DELIVERIES) -> list:
    """Items delivered by `as_of`, newest first: date, commodity, logged and accepted."""
    stmt = (
        select(Shipment.delivered_at, *_commodity_columns(),
               ShipmentItem.quantity_base.label("logged"),
               ReceiptItem.accepted_base.label("accepted"), Receipt.channel)
        .join(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
        .join(Commodity, Commodity.code == ShipmentItem.commodity_code)
        .outerjoin(ReceiptItem, ReceiptItem.shipment_item_id == ShipmentItem.id)
        .outerjoin(Receipt, Receipt.id == ReceiptItem.receipt_id)
        .where(Shipment.event_id == event_id, Shipment.destination_code == code,
               Shipment.status == "delivered", Shipment.delivered_at <= as_of)
        .order_by(Shipment.delivered_at.desc(), ShipmentItem.id)
        .limit(limit)
    )
    return db.session.execute(stmt).all()


def in_transit(event_id: int, code: str) -> list:
    """Commodities on their way (dispatched, not yet delivered), summed."""
    stmt = (
        select(*_commodity_columns(), func.sum(ShipmentItem.quantity_base).label("quantity"))
        .join(ShipmentItem, ShipmentItem.commodity_code == Commodity.code)
        .join(Shipment, Shipment.id == ShipmentItem.shipment_id)
        .where(Shipment.event_id == event_id, Shipment.destination_code == code,
               Shipment.status == "dispatched")
        .group_by(*_commodity_columns(), Commodity.sort_order)
        .order_by(Commodity.sort_order)
    )
    return db.session.execute(stmt).all()


def receipt_gaps(village_code: str, event_id: int | None = None) -> list[dict]:
    """Per commodity: logged vs confirmed quantity over shipments that have a receipt."""
    stmt = (
        select(*_commodity_columns(),
               func.sum(ShipmentItem.quantity_base).label("logged"),
               func.sum(func.coalesce(ReceiptItem.accepted_base, 0)).label("accepted"),
               func.count(func.distinct(Shipment.id)).label("shipments"))
        .join(ShipmentItem, ShipmentItem.commodity_code == Commodity.code)
        .join(Shipment, Shipment.id == ShipmentItem.shipment_id)
        .join(Receipt, Receipt.shipment_id == Shipment.id)
        .outerjoin(ReceiptItem, ReceiptItem.shipment_item_id == ShipmentItem.id)
        .where(Shipment.destination_code == village_code)
        .group_by(*_commodity_columns(), Commodity.sort_order)
        .order_by(Commodity.sort_order)
    )
    if event_id is not None:
        stmt = stmt.where(Shipment.event_id == event_id)
    rows = []
    for row in db.session.execute(stmt):
        logged, accepted = float(row.logged or 0), float(row.accepted or 0)
        rows.append({"commodity": row.commodity, "name_id": row.name_id, "name_en": row.name_en,
                     "base_unit": row.base_unit, "logged": logged, "accepted": accepted,
                     "gap": round(logged - accepted, 3), "shipments": row.shipments})
    return rows


def nearest_posko(event_id: int, code: str) -> dict | None:
    """The posko named on the latest shipment to the village, with its point if known."""
    row = db.session.execute(
        select(Shipment.posko_name, Shipment.posko_lat, Shipment.posko_lon)
        .where(Shipment.event_id == event_id, Shipment.destination_code == code,
               Shipment.posko_name.is_not(None), Shipment.status != "cancelled")
        .order_by(Shipment.created_at.desc()).limit(1)
    ).first()
    if row is None:
        return None
    return {"name": row.posko_name, "lat": row.posko_lat, "lon": row.posko_lon}


def last_update(event_id: int, code: str) -> datetime | None:
    """The latest moment anything was recorded about the village's aid."""
    shipment_times = select(func.max(func.coalesce(
        Shipment.delivered_at, Shipment.dispatched_at, Shipment.created_at))).where(
        Shipment.event_id == event_id, Shipment.destination_code == code)
    assessed = select(func.max(Assessment.assessed_at)).where(
        Assessment.event_id == event_id, Assessment.village_code == code)
    receipt = select(func.max(Receipt.received_at)).join(Shipment).where(
        Shipment.event_id == event_id, Shipment.destination_code == code)
    times = [db.session.scalar(q) for q in (shipment_times, assessed, receipt)]
    times = [t for t in times if t is not None]
    if not times:
        return None
    # SQLite hands back naive text from aggregates; the stored values are UTC.
    return max(_aware(t) for t in times)


def _aware(value) -> datetime:
    from datetime import UTC

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def still_owed(event: Event, code: str, as_of: datetime) -> list[dict]:
    """Per commodity with a norm: need, delivered, still owed and for how many people."""
    norms = norms_for(event.norm_profile)
    owed = []
    for row in village_coverage(event.id, as_of, codes=[code]):
        norm = norms.get(row["commodity"])
        per, basis = (norm.per, norm.basis) if norm else ("person", "displaced")
        # The people the norm counts, as the coverage query counts them.
        people = {
            ("household", "displaced"): row["displaced_households"],
            ("household", "affected"): row["households"],
            ("person", "displaced"): row["displaced"],
            ("person", "affected"): row["affected"],
        }.get((per, basis), 0)
        need, delivered = float(row["need"] or 0), float(row["delivered"] or 0)
        owed.append({"commodity": row["commodity"], "need": need, "delivered": delivered,
                     "owed": max(round(need - delivered, 3), 0.0),
                     "coverage": row["coverage"], "people": int(people or 0), "per": per,
                     "basis": basis})
    return owed
