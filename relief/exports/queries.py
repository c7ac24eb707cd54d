"""Rows of the exports: coverage per village and commodity, and delivered items."""

from datetime import datetime

from sqlalchemy import and_, case, func, select

from relief.areas.models import Area
from relief.audit.amendments import amended_numbers
from relief.catalog.models import Commodity
from relief.coverage.math import band
from relief.coverage.queries import area_coverage, village_coverage
from relief.events.queries import event_now
from relief.extensions import db
from relief.logistics.models import (
    Depot,
    Receipt,
    ReceiptItem,
    Shipment,
    ShipmentItem,
    StatusChange,
)


def coverage_export_rows(
    event_id: int, as_of: datetime | None, parent: str | None, commodity: str | None
) -> list[dict]:
    """Village coverage rows shaped for the export columns (coverage in percent)."""
    as_of = as_of or event_now(event_id)
    rows = []
    for row in village_coverage(event_id, as_of, parent, commodity):
        rows.append(
            {
                "village_code": row["code"],
                "village_name": row["name"],
                "district_code": row["district_code"],
                "regency_code": row["regency_code"],
                "affected": row["affected"],
                "displaced": row["displaced"],
                "severity": row["severity"],
                "commodity": row["commodity"],
                "need": round(row["need"], 3),
                "delivered": round(row["delivered"], 3),
                "coverage_pct": _pct(row["coverage"]),
                "band": band(row["coverage"]),
                "as_of": as_of.date().isoformat(),
            }
        )
    return rows


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def area_export_rows(
    event_id: int, as_of: datetime | None, level: str, parent: str | None, commodity: str | None
) -> list[dict]:
    """District or regency coverage rows for the export: band, villages_red, worst village."""
    as_of = as_of or event_now(event_id)
    rows = []
    for row in area_coverage(event_id, as_of, level, parent, commodity):
        worst = row["worst_village"] or {}
        rows.append(
            {
                "level": level,
                "area_code": row["code"],
                "area_name": row["name"],
                "commodity": row["commodity"],
                "need": round(row["need"], 3),
                "delivered": round(row["delivered"], 3),
                "coverage_pct": _pct(row["coverage"]),
                "band": row["band"],
                "villages_assessed": row["villages_assessed"],
                "villages_red": row["villages_red"],
                "worst_village_code": worst.get("code"),
                "worst_village_name": worst.get("name"),
                "worst_village_coverage_pct": _pct(worst.get("coverage")),
                "as_of": as_of.date().isoformat(),
            }
        )
    return rows


def delivery_export_rows(
    event_id: int,
    as_of: datetime | None,
    parent: str | None,
    commodity: str | None,
    status: str | None,
) -> list[dict]:
    """One row per shipment item as known at `as_of` (None: the event's present), counted as
    coverage counts it: shipments logged by then, each with its status then (its latest step
    by then), its arrival if it had arrived, the quantity its BAST accepted if signed by
    then (else the logged one) as amended by then, the figure first recorded beside it and
    whether an amendment changed it."""
    as_of = as_of or event_now(event_id)
    logged = amended_numbers("shipment_item", ("quantity_base",), event_id, as_of, "amended_si")
    accepted = amended_numbers("receipt_item", ("accepted_base",), event_id, as_of, "amended_ri")
    signed = Receipt.id.is_not(None)
    recorded = case((signed, ReceiptItem.accepted_base), else_=ShipmentItem.quantity_base)
    amended = case((signed, accepted.c.accepted_base), else_=logged.c.quantity_base)
    status_then = (
        select(StatusChange.to_status)
        .where(StatusChange.shipment_id == Shipment.id, StatusChange.at <= as_of)
        .order_by(StatusChange.at.desc(), StatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    # Arrived by then: counted delivered, as coverage counts it (status and arrival time).
    # A shipment without steps (written straight to the tables) keeps its status.
    arrived = and_(Shipment.status == "delivered", Shipment.delivered_at <= as_of)
    status_at = case((arrived, "delivered"), else_=func.coalesce(status_then, Shipment.status))
    stmt = (
        select(
            Shipment.id.label("shipment_id"),
            case((arrived, Shipment.delivered_at)).label("delivered_at"),
            status_at.label("status"),
            func.coalesce(case((arrived, Shipment.delivery_lat)), Area.lat).label("lat"),
            func.coalesce(case((arrived, Shipment.delivery_lon)), Area.lon).label("lon"),
            Shipment.waybill_no,
            Depot.name.label("depot"),
            ShipmentItem.commodity_code.label("commodity"),
            Commodity.name_id.label("commodity_name"),
            Commodity.base_unit.label("unit"),
            func.coalesce(amended, recorded).label("quantity"),
            recorded.label("recorded_quantity"),
            amended.is_not(None).label("amended"),
            Area.regency_code,
            Area.district_code,
            Area.code.label("village_code"),
            Area.name.label("village_name"),
        )
        # The village first: past eight joins the planner keeps the written order, and the
        # area filter should narrow the shipments before the lines are joined.
        .select_from(Shipment)
        .join(Area, Area.code == Shipment.destination_code)
        .join(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
        .outerjoin(ReceiptItem, ReceiptItem.shipment_item_id == ShipmentItem.id)
        .outerjoin(
            Receipt, and_(Receipt.id == ReceiptItem.receipt_id, Receipt.received_at <= as_of)
        )
        .outerjoin(logged, logged.c.row_id == ShipmentItem.id)
        .outerjoin(accepted, accepted.c.row_id == ReceiptItem.id)
        .join(Commodity, Commodity.code == ShipmentItem.commodity_code)
        .join(Depot, Depot.id == Shipment.origin_depot_id)
        .where(Shipment.event_id == event_id, Shipment.created_at <= as_of)
        .order_by(Shipment.id, ShipmentItem.id)
    )
    if parent:
        column = Area.district_code if parent.count(".") == 2 else Area.regency_code
        stmt = stmt.where(column == parent)
    if commodity:
        stmt = stmt.where(ShipmentItem.commodity_code == commodity)
    if status:
        stmt = stmt.where(status_at == status)
    rows = []
    for row in db.session.execute(stmt).mappings():
        item = dict(row)
        item["delivered_at"] = (
            item["delivered_at"].date().isoformat() if item["delivered_at"] else None
        )
        item["quantity"] = float(item["quantity"])
        item["recorded_quantity"] = float(item["recorded_quantity"])
        item["amended"] = bool(item["amended"])
        rows.append(item)
    return rows
