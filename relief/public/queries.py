"""Reads behind the public pages: a village's aid status without any personal data.

The status page is the busiest page of the site and is asked for every village alike, so its
facts come in two statements, each built once and then only executed with new values:
`status_head` (the village, its district and regency, the event shown, the alert and report
counts, the posko and the last update) and `status_rows` (per commodity: names, unit, norm,
need and delivered as coverage counts them, in transit, receipt gaps; and per recent
delivery of it).
"""

from flask import abort
from sqlalchemy import Integer, String, and_, bindparam, func, literal, select
from sqlalchemy.orm import aliased

from relief.alerts.models import ACTIVE_STATES, Alert
from relief.areas.models import Area
from relief.catalog.models import Commodity, CommodityUnit, Norm
from relief.complaints.models import ResidentReport
from relief.core.models import UTCDateTime
from relief.coverage.models import Assessment
from relief.coverage.queries import village_delivered, village_rows
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Receipt, ReceiptItem, Shipment, ShipmentItem

RECENT_DELIVERIES = 15  # keeps the status page light on a phone; totals cover the rest

CODE = bindparam("code", type_=String())
EVENT = bindparam("event_id", type_=Integer)
AS_OF = bindparam("as_of", type_=UTCDateTime())
LIMIT = bindparam("limit", type_=Integer)
_STATEMENTS: dict[str, object] = {}


def _head_statement():
    village, district, regency = Area.__table__, aliased(Area), aliased(Area)
    posko = aliased(Shipment)
    latest_posko = (
        select(Shipment.id)
        .where(
            Shipment.event_id == Event.id,
            Shipment.destination_code == village.c.code,
            Shipment.posko_name.is_not(None),
            Shipment.status != "cancelled",
        )
        .order_by(Shipment.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    here = and_(Shipment.event_id == Event.id, Shipment.destination_code == village.c.code)
    return (
        select(
            village.c.code,
            village.c.name,
            village.c.kind,
            village.c.level,
            district.name.label("district"),
            regency.name.label("regency"),
            select(func.count())
            .where(
                Alert.village_code == village.c.code,
                # Constants, not an expanding IN: that is rendered into the text on every run.
                Alert.state.in_([literal(state) for state in ACTIVE_STATES]),
            )
            .scalar_subquery()
            .label("alerts"),
            select(func.count())
            .where(ResidentReport.village_code == village.c.code, ResidentReport.state != "closed")
            .scalar_subquery()
            .label("reports"),
            Event.id.label("event_id"),
            Event.name.label("event_name"),
            Event.started_on,
            Event.emergency_until,
            Event.norm_profile,
            Event.scenario_at,
            posko.posko_name,
            posko.posko_lat,
            posko.posko_lon,
            select(
                func.max(
                    func.coalesce(
                        Shipment.delivered_at, Shipment.dispatched_at, Shipment.created_at
                    )
                )
            )
            .where(here)
            .scalar_subquery()
            .label("shipment_at"),
            select(func.max(Assessment.assessed_at))
            .where(Assessment.event_id == Event.id, Assessment.village_code == village.c.code)
            .scalar_subquery()
            .label("assessed_at"),
            select(func.max(Receipt.received_at))
            .join(Shipment)
            .where(here)
            .scalar_subquery()
            .label("received_at"),
        )
        .select_from(village)
        .outerjoin(district, district.code == village.c.district_code)
        .outerjoin(regency, regency.code == village.c.regency_code)
        .outerjoin(Event, Event.id == EVENT)  # the event the page shows
        .outerjoin(posko, posko.id == latest_posko)
        .where(village.c.code == CODE, village.c.level == "village")
    )


def status_head(code: str, event_id: int | None):
    """One row about a village for its status page (404 if no village has the code): code,
    name, kind, district, regency, alerts (active), reports (not closed); of the event
    `event_id` (chosen by relief.public.event_choice; None for none): event_id, event_name,
    started_on, emergency_until, norm_profile, scenario_at (all None without an event), and
    the village's latest posko_name/lat/lon, and shipment_at, assessed_at,
    received_at (the latest of each)."""
    stmt = _STATEMENTS.get("head")
    if stmt is None:
        stmt = _STATEMENTS["head"] = _head_statement()
    # A Core result on the session's connection: these are column selects, and the ORM's
    # execution path around them cost 0.1 ms per statement (bench/scale_bench.py, pages).
    row = db.session.connection().execute(stmt, {"code": code, "event_id": event_id}).first()
    if row is None:
        abort(404)
    return row


def _commodities_statement():
    coverage, delivered = village_rows(), village_delivered()
    here = (Shipment.event_id == EVENT, Shipment.destination_code == bindparam("parent"))
    transit = (
        select(ShipmentItem.commodity_code, func.sum(ShipmentItem.quantity_base).label("qty"))
        .join(Shipment, Shipment.id == ShipmentItem.shipment_id)
        .where(*here, Shipment.status == "dispatched")
        .group_by(ShipmentItem.commodity_code)
        .subquery("transit")
    )
    gaps = (
        select(
            ShipmentItem.commodity_code,
            func.sum(ShipmentItem.quantity_base).label("logged"),
            func.sum(func.coalesce(ReceiptItem.accepted_base, 0)).label("accepted"),
            func.count(func.distinct(Shipment.id)).label("shipments"),
        )
        .join(Shipment, Shipment.id == ShipmentItem.shipment_id)
        .join(Receipt, Receipt.shipment_id == Shipment.id)
        .outerjoin(ReceiptItem, ReceiptItem.shipment_item_id == ShipmentItem.id)
        .where(*here)
        .group_by(ShipmentItem.commodity_code)
        .subquery("gaps")
    )
    return (
        select(
            Commodity.code,
            Commodity.name_id,
            Commodity.name_en,
            Commodity.base_unit,
            Commodity.sort_order,
            CommodityUnit.name_id.label("unit_name_id"),
            CommodityUnit.name_en.label("unit_name_en"),
            Norm.per,
            Norm.basis,
            coverage.c.need,
            coverage.c.displaced,
            coverage.c.affected,
            coverage.c.households,
            coverage.c.displaced_households,
            coverage.c.assessed_at,
            delivered.c.delivered,
            delivered.c.commodity_code.is_not(None).label("served"),
            transit.c.qty.label("in_transit"),
            gaps.c.logged,
            gaps.c.accepted,
            gaps.c.shipments,
        )
        .outerjoin(
            CommodityUnit,
            and_(
                CommodityUnit.commodity_code == Commodity.code,
                CommodityUnit.code == Commodity.base_unit,
            ),
        )
        .outerjoin(
            Norm, and_(Norm.commodity_code == Commodity.code, Norm.profile == bindparam("profile"))
        )
        .outerjoin(coverage, coverage.c.commodity == Commodity.code)
        .outerjoin(delivered, delivered.c.commodity_code == Commodity.code)
        .outerjoin(transit, transit.c.commodity_code == Commodity.code)
        .outerjoin(gaps, gaps.c.commodity_code == Commodity.code)
        .order_by(Commodity.sort_order, Commodity.code)
    )


def _recent_statement():
    """Items delivered by `as_of`, ranked newest first."""
    return (
        select(
            Shipment.delivered_at,
            ShipmentItem.commodity_code.label("commodity"),
            ShipmentItem.quantity_base.label("logged"),
            ReceiptItem.accepted_base.label("accepted"),
            Receipt.channel,
            func.row_number()
            .over(order_by=(Shipment.delivered_at.desc(), ShipmentItem.id))
            .label("rank"),
        )
        .join(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
        .outerjoin(ReceiptItem, ReceiptItem.shipment_item_id == ShipmentItem.id)
        .outerjoin(Receipt, Receipt.id == ReceiptItem.receipt_id)
        .where(
            Shipment.event_id == EVENT,
            Shipment.destination_code == CODE,
            Shipment.status == "delivered",
            Shipment.delivered_at <= AS_OF,
        )
    )


def _rows_statement():
    rows = _commodities_statement().order_by(None).subquery("com")
    recent = _recent_statement().subquery("recent")
    return (
        select(
            rows.c.code.label("commodity"),
            *(
                rows.c[name]
                for name in (
                    "name_id",
                    "name_en",
                    "base_unit",
                    "sort_order",
                    "unit_name_id",
                    "unit_name_en",
                    "per",
                    "basis",
                    "need",
                    "displaced",
                    "affected",
                    "households",
                    "displaced_households",
                )
            ),
            rows.c.assessed_at.label("commodity_assessed_at"),
            *(
                rows.c[name]
                for name in ("delivered", "served", "in_transit", "logged", "accepted", "shipments")
            ),
            recent.c.delivered_at.label("recent_at"),
            recent.c.logged.label("recent_logged"),
            recent.c.accepted.label("recent_accepted"),
            recent.c.channel.label("recent_channel"),
            recent.c.rank.label("recent_rank"),
        )
        .select_from(rows)
        .outerjoin(recent, and_(recent.c.commodity == rows.c.code, recent.c.rank <= LIMIT))
        .order_by(rows.c.sort_order, rows.c.code, recent.c.rank)
    )


def status_rows(values: dict, limit: int = RECENT_DELIVERIES) -> list:
    """Per commodity, in display order, for the village `values["parent"]` in one event (the
    parameters of `relief.coverage.queries.view_values`): commodity (its code), name_id,
    name_en, base_unit, sort_order, unit_name_id/en (of the base unit), per and basis (its
    norm, None without one), need, displaced, affected, households, displaced_households,
    commodity_assessed_at (coverage's row, None without a norm), delivered (as coverage
    counts it), served (anything delivered), in_transit, and logged, accepted, shipments
    over shipments with a receipt; and, once per item of it among the `limit` newest
    delivered by `as_of` (None where none is), recent_at, recent_logged, recent_accepted,
    recent_channel and recent_rank (1 for the newest): a commodity's row repeats for each of
    its recent items. (The head joined in as well made SQLite's plan 10 times slower.)"""
    stmt = _STATEMENTS.get("rows")
    if stmt is None:
        stmt = _STATEMENTS["rows"] = _rows_statement()
    values = {**values, "code": values["parent"], "limit": limit}
    return db.session.connection().execute(stmt, values).all()  # Core, as status_head


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


def _commodity_columns():
    return (
        Commodity.code.label("commodity"),
        Commodity.name_id,
        Commodity.name_en,
        Commodity.base_unit,
    )


def receipt_gaps(village_code: str, event_id: int | None = None) -> list[dict]:
    """Per commodity: logged vs confirmed quantity over shipments that have a receipt."""
    stmt = (
        select(
            *_commodity_columns(),
            func.sum(ShipmentItem.quantity_base).label("logged"),
            func.sum(func.coalesce(ReceiptItem.accepted_base, 0)).label("accepted"),
            func.count(func.distinct(Shipment.id)).label("shipments"),
        )
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
        rows.append(
            {
                "commodity": row.commodity,
                "name_id": row.name_id,
                "name_en": row.name_en,
                "base_unit": row.base_unit,
                "logged": logged,
                "accepted": accepted,
                "gap": round(logged - accepted, 3),
                "shipments": row.shipments,
            }
        )
    return rows
