"""The queries that feed the rules: one set-based query per rule for the villages in scope.

Each feed takes the run's `FeedInputs` (event, moment, villages in scope: `scope` is None for
every village of the event, a set of touched codes, or a SELECT of one province's villages,
kept in SQL so that no statement carries a list of village codes) and the thresholds, and
answers a list of rows (plain dicts) with at least `village_code` (the regency code for
per-regency rules), `commodity_code` (or None) and what the rule's `check` reads.
Assessments and coverage, which several rules read, are computed once per run by
`FeedInputs` and shared.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from sqlalchemy import Integer, and_, case, cast, func, or_, select

from relief.areas.models import Area
from relief.audit.amendments import amended_numbers
from relief.audit.models import PlausibilityOverride
from relief.complaints.models import ResidentReport as Report
from relief.core.database import CUSTOM_PLAN
from relief.core.models import code_prefix
from relief.coverage.models import Assessment
from relief.coverage.queries import village_coverage
from relief.extensions import db
from relief.logistics.models import Depot, Receipt, ReceiptItem, Shipment, ShipmentItem
from relief.logistics.signatures import VillageConfirmation, VillageConfirmationItem
from relief.stock.queries import idle_stock


def regency_of(code: str) -> str:
    """The regency part of a Kemendagri code (`36.02.25.2004` -> `36.02`)."""
    return ".".join(code.split(".")[:2])


@dataclass(frozen=True)
class Province:
    """The villages of one province, picked in SQL by the prefix of their codes."""

    code: str


def _in_scope(column, codes):
    """Codes None: everything; a Province (its code prefix: on PostgreSQL an index reads just
    its rows, relief.core.models.prefix_index; a list of its villages' codes made each
    province's read scan the whole country's shipments); or a set of codes."""
    if codes is None:
        return True
    if isinstance(codes, Province):
        return code_prefix(column, f"{codes.code}.")
    return column.in_(sorted(codes))


def _read(stmt, codes):
    """A feed's rows; a statement scoped to a Province is planned for its own values each
    time (relief.core.database.CUSTOM_PLAN): the generic plan of a prefix range took a
    province holding every village for a few rows (re-evaluation 236-253 ms, then 255-303
    from the eleventh run on one connection, 1,500-village bench database)."""
    options = CUSTOM_PLAN if isinstance(codes, Province) else {}
    return db.session.execute(stmt, execution_options=options)


def assessment_summary(event_id: int, as_of: datetime, codes) -> dict:
    """Per village: first assessment time and the latest severity at or before `as_of`."""
    scope = and_(
        Assessment.event_id == event_id,
        Assessment.assessed_at <= as_of,
        _in_scope(Assessment.village_code, codes),
    )
    spans = (
        select(
            Assessment.village_code.label("code"),
            func.min(Assessment.assessed_at).label("first_at"),
            func.max(Assessment.assessed_at).label("last_at"),
        )
        .where(scope)
        .group_by(Assessment.village_code)
        .subquery()
    )
    # A corrected severity counts from its amendment's time on.
    amended = amended_numbers("assessment", ("severity",), event_id, as_of, "amended_sev")
    severity = cast(func.coalesce(amended.c.severity, Assessment.severity), Integer)
    stmt = (
        select(spans.c.code, spans.c.first_at, func.max(severity))
        .join(
            Assessment,
            and_(
                Assessment.village_code == spans.c.code,
                Assessment.assessed_at == spans.c.last_at,
                Assessment.event_id == event_id,
            ),
        )
        .outerjoin(amended, amended.c.row_id == Assessment.id)
        .group_by(spans.c.code, spans.c.first_at)
    )
    out = {}
    for code, first_at, severity in _read(stmt, codes):
        out[code] = {"first_assessed_at": first_at, "severity": severity}
    return out


class FeedInputs:
    """One evaluation run: event, moment, scope, and the reads several feeds share.

    The inequity rule compares a touched village with the rest of its regency, so when it is
    among the run's kinds the shared reads cover every village of the touched regencies, and
    the per-village feeds take their own villages from them: one assessment summary and one
    coverage query per run instead of one per rule.
    """

    def __init__(
        self,
        event_id: int,
        as_of: datetime,
        codes: set[str] | None,
        kinds=(),
        province: str | None = None,
    ) -> None:
        self.event_id, self.as_of, self.codes = event_id, as_of, codes
        self.province = province if codes is None else None
        self.wide = codes is not None and "inequity" in kinds
        # What the feeds filter on: the touched codes, one province's villages (by code
        # prefix), or everything.
        self.scope = codes
        if codes is None and self.province is not None:
            self.scope = Province(self.province)

    @cached_property
    def regency_villages(self) -> set[str] | None:
        """Every village of the regencies touched (None: the whole event is in scope)."""
        if self.codes is None:
            return None
        regencies = sorted({regency_of(c) for c in self.codes})
        return set(
            db.session.scalars(
                select(Area.code).where(Area.level == "village", Area.regency_code.in_(regencies))
            )
        )

    @cached_property
    def _summary(self) -> dict:
        scope = self.regency_villages if self.wide else self.scope
        return assessment_summary(self.event_id, self.as_of, scope)

    def summary(self, regencies: bool = False) -> dict:
        """Assessed villages in scope (or in the touched regencies): first time, severity."""
        if self.codes is None or (regencies and self.wide) or not self.wide:
            return self._summary
        return {c: v for c, v in self._summary.items() if c in self.codes}

    @cached_property
    def _coverage(self) -> list[dict]:
        scope = self._summary
        if not scope:
            return []
        if self.codes is None:  # a province or the whole event: scoped in SQL, not by codes
            rows = village_coverage(self.event_id, self.as_of, parent=self.province)
            return [r for r in rows if r["is_core"] and r["code"] in scope]
        return [
            r for r in village_coverage(self.event_id, self.as_of, codes=set(scope)) if r["is_core"]
        ]

    def coverage(self, regencies: bool = False) -> list[dict]:
        """Core-commodity coverage rows of the assessed villages `summary` answers."""
        wanted = self.summary(regencies)
        if wanted is self._summary:
            return self._coverage
        return [r for r in self._coverage if r["code"] in wanted]


def undersupplied_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Coverage per village and core commodity, with the time of the first assessment."""
    summary, as_of = inputs.summary(), inputs.as_of
    rows = []
    for r in inputs.coverage():
        code = r["code"]
        if code not in summary or r["severity"] is None:
            continue
        rows.append(
            {
                "village_code": code,
                "commodity_code": r["commodity"],
                "as_of": as_of,
                "first_assessed_at": summary[code]["first_assessed_at"],
                "severity": r["severity"],
                "need": r["need"],
                "delivered": r["delivered"],
                "coverage": r["coverage"],
            }
        )
    return rows


def no_delivery_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per assessed village: severity, first assessment, delivered and pending shipments."""
    event_id, as_of, codes = inputs.event_id, inputs.as_of, inputs.scope
    summary = inputs.summary()
    delivered = and_(Shipment.status == "delivered", Shipment.delivered_at <= as_of)
    # Pending at `as_of`: logged by then, and neither delivered nor cancelled by then.
    pending = and_(
        Shipment.created_at <= as_of,
        or_(Shipment.delivered_at.is_(None), Shipment.delivered_at > as_of),
        or_(Shipment.cancelled_at.is_(None), Shipment.cancelled_at > as_of),
    )
    stmt = (
        select(
            Shipment.destination_code,
            func.sum(case((delivered, 1), else_=0)),
            func.sum(case((pending, 1), else_=0)),
        )
        .where(Shipment.event_id == event_id, _in_scope(Shipment.destination_code, codes))
        .group_by(Shipment.destination_code)
    )
    counts = {code: (int(d or 0), int(p or 0)) for code, d, p in _read(stmt, codes)}
    return [
        {
            "village_code": code,
            "commodity_code": None,
            "as_of": as_of,
            **facts,
            "delivered_shipments": counts.get(code, (0, 0))[0],
            "pending_shipments": counts.get(code, (0, 0))[1],
        }
        for code, facts in summary.items()
    ]


def _label(shipment_id: int, waybill: str | None) -> str:
    return waybill or f"#{shipment_id}"


def unconfirmed_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per village: delivered shipments that had no receipt at `as_of`."""
    event_id, as_of, codes = inputs.event_id, inputs.as_of, inputs.scope
    stmt = (
        select(Shipment.destination_code, Shipment.id, Shipment.waybill_no, Shipment.delivered_at)
        .outerjoin(Receipt, and_(Receipt.shipment_id == Shipment.id, Receipt.received_at <= as_of))
        .where(
            Shipment.event_id == event_id,
            Shipment.status == "delivered",
            Shipment.delivered_at <= as_of,
            Receipt.id.is_(None),
            _in_scope(Shipment.destination_code, codes),
        )
        # The facts list them oldest first, in the same order on every run: unordered, a
        # re-evaluation found them reshuffled and rewrote thousands of unchanged alerts.
        .order_by(Shipment.delivered_at, Shipment.id)
    )
    grouped = defaultdict(list)
    for code, sid, waybill, at in _read(stmt, codes):
        grouped[code].append((_label(sid, waybill), at))
    return [
        {"village_code": c, "commodity_code": None, "as_of": as_of, "unreceipted": v}
        for c, v in grouped.items()
    ]


def receipt_gap_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per village and commodity: logged versus accepted quantity of receipted shipments."""
    event_id, as_of, codes = inputs.event_id, inputs.as_of, inputs.scope
    # Corrected quantities count from their amendment's time on.
    logged = amended_numbers("shipment_item", ("quantity_base",), event_id, as_of, "gap_si")
    accepted = amended_numbers("receipt_item", ("accepted_base",), event_id, as_of, "gap_ri")
    stmt = (
        select(
            Shipment.destination_code,
            ShipmentItem.commodity_code,
            func.sum(func.coalesce(logged.c.quantity_base, ShipmentItem.quantity_base)),
            func.sum(func.coalesce(accepted.c.accepted_base, ReceiptItem.accepted_base)),
        )
        .join(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
        .join(ReceiptItem, ReceiptItem.shipment_item_id == ShipmentItem.id)
        .join(Receipt, Receipt.id == ReceiptItem.receipt_id)
        .outerjoin(logged, logged.c.row_id == ShipmentItem.id)
        .outerjoin(accepted, accepted.c.row_id == ReceiptItem.id)
        .where(
            Shipment.event_id == event_id,
            Receipt.received_at <= as_of,
            _in_scope(Shipment.destination_code, codes),
        )
        .group_by(Shipment.destination_code, ShipmentItem.commodity_code)
    )
    return [
        {
            "village_code": code,
            "commodity_code": commodity,
            "logged": float(logged or 0),
            "accepted": float(accepted or 0),
        }
        for code, commodity, logged, accepted in _read(stmt, codes)
    ]


def location_mismatch_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per village: delivery distances outside the destination (only non-zero ones)."""
    event_id, as_of, codes = inputs.event_id, inputs.as_of, inputs.scope
    stmt = (
        select(
            Shipment.destination_code,
            Shipment.id,
            Shipment.waybill_no,
            Shipment.delivery_distance_m,
        )
        .where(
            Shipment.event_id == event_id,
            Shipment.status == "delivered",
            Shipment.delivered_at <= as_of,
            Shipment.delivery_distance_m > 0,
            _in_scope(Shipment.destination_code, codes),
        )
        .order_by(Shipment.delivered_at, Shipment.id)
    )  # a stable order of the facts' list
    grouped = defaultdict(list)
    for code, sid, waybill, distance in _read(stmt, codes):
        grouped[code].append((_label(sid, waybill), float(distance)))
    return [{"village_code": c, "commodity_code": None, "distances": v} for c, v in grouped.items()]


def resident_reports_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per village: not-received reports in the window and payment-demanded reports."""
    event_id, as_of, codes = inputs.event_id, inputs.as_of, inputs.scope
    since = as_of - timedelta(days=t["ALERT_REPORTS_WINDOW_DAYS"])
    in_window = and_(Report.category == "not_received", Report.created_at > since)
    conditions = [Report.created_at <= as_of, _in_scope(Report.village_code, codes)]
    if hasattr(Report, "event_id"):
        conditions.append(or_(Report.event_id == event_id, Report.event_id.is_(None)))
    stmt = (
        select(
            Report.village_code,
            func.sum(case((in_window, 1), else_=0)),
            func.sum(case((Report.category == "payment_demanded", 1), else_=0)),
        )
        .where(*conditions)
        .group_by(Report.village_code)
    )
    return [
        {
            "village_code": c,
            "commodity_code": None,
            "not_received": int(n or 0),
            "payment_demanded": int(p or 0),
        }
        for c, n, p in _read(stmt, codes)
    ]


def inequity_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per regency and core commodity: (severity, coverage) of every assessed village."""
    grouped = defaultdict(list)
    for r in inputs.coverage(regencies=True):
        if r["severity"] is not None:
            key = (regency_of(r["code"]), r["commodity"])
            grouped[key].append((r["severity"], r["coverage"]))
    return [
        {"village_code": reg, "commodity_code": com, "villages": v}
        for (reg, com), v in grouped.items()
    ]


def receipt_disputed_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per village: each village confirmation made by then, its verdict, and per line what the
    village received against the staff BAST's accepted quantity (logged without a BAST)."""
    event_id, as_of, codes = inputs.event_id, inputs.as_of, inputs.scope
    staff = (
        select(ReceiptItem.accepted_base)
        .join(Receipt, Receipt.id == ReceiptItem.receipt_id)
        .where(ReceiptItem.shipment_item_id == ShipmentItem.id, Receipt.received_at <= as_of)
        .scalar_subquery()
    )
    stmt = (
        select(
            Shipment.destination_code,
            Shipment.id,
            Shipment.waybill_no,
            VillageConfirmation.verdict,
            ShipmentItem.commodity_code,
            VillageConfirmationItem.received_base,
            func.coalesce(staff, ShipmentItem.quantity_base),
        )
        .join(VillageConfirmation, VillageConfirmation.shipment_id == Shipment.id)
        .join(
            VillageConfirmationItem,
            VillageConfirmationItem.confirmation_id == VillageConfirmation.id,
        )
        .join(ShipmentItem, ShipmentItem.id == VillageConfirmationItem.shipment_item_id)
        .where(
            Shipment.event_id == event_id,
            VillageConfirmation.confirmed_at <= as_of,
            _in_scope(Shipment.destination_code, codes),
        )
        .order_by(Shipment.id, ShipmentItem.id)
    )
    by_village: dict[str, dict] = defaultdict(dict)
    for code, sid, waybill, verdict, commodity, village, logged in _read(stmt, codes):
        entry = by_village[code].setdefault(
            sid, {"waybill": _label(sid, waybill), "verdict": verdict, "lines": []}
        )
        entry["lines"].append((commodity, float(village or 0), float(logged or 0)))
    return [
        {"village_code": c, "commodity_code": None, "confirmations": list(v.values())}
        for c, v in by_village.items()
    ]


def plausibility_override_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per village: each override recorded by then (guard, what, reason, who)."""
    o = PlausibilityOverride
    stmt = (
        select(o.village_code, o.guard, o.entity, o.entity_id, o.reason, o.by)
        .where(
            o.event_id == inputs.event_id,
            o.at <= inputs.as_of,
            o.village_code.is_not(None),
            _in_scope(o.village_code, inputs.scope),
        )
        .order_by(o.id)
    )
    grouped = defaultdict(list)
    for code, guard, entity, entity_id, reason, by in _read(stmt, inputs.scope):
        grouped[code].append(f"{guard} ({entity} {entity_id}, {by}): {reason}")
    return [{"village_code": c, "commodity_code": None, "overrides": v} for c, v in grouped.items()]


def _regency_coverage(inputs: FeedInputs) -> list[dict]:
    """Core-commodity coverage of every assessed village of the regencies in scope."""
    if inputs.codes is None or inputs.wide:
        return inputs.coverage(regencies=True)
    assessed = assessment_summary(inputs.event_id, inputs.as_of, inputs.regency_villages)
    if not assessed:
        return []
    return [
        r
        for r in village_coverage(inputs.event_id, inputs.as_of, codes=set(assessed))
        if r["is_core"]
    ]


def stock_idle_feed(inputs: FeedInputs, t: dict) -> list[dict]:
    """Per regency and commodity: what each of its (stock-tracked) depots held the whole
    window, and its assessed villages below the coverage threshold in that commodity."""
    short: dict[tuple, list] = defaultdict(list)
    for r in _regency_coverage(inputs):
        if r["coverage"] is not None and r["coverage"] < t["ALERT_STOCK_IDLE_COVERAGE_BELOW"]:
            short[(regency_of(r["code"]), r["commodity"])].append(
                {
                    "code": r["code"],
                    "name": r["name"],
                    "coverage": r["coverage"],
                    "owed": max(float(r["need"] or 0) - float(r["delivered"] or 0), 0.0),
                }
            )
    regencies = sorted({regency for regency, _commodity in short})
    if not regencies:
        return []
    depots = {
        d.id: d
        for d in db.session.execute(
            select(Depot.id, Depot.name, Depot.regency_code).where(
                Depot.regency_code.in_(regencies)
            )
        )
    }
    since = inputs.as_of - timedelta(hours=t["ALERT_STOCK_IDLE_HOURS"])
    held: dict[tuple, list] = defaultdict(list)
    for (depot_id, commodity), quantity in sorted(
        idle_stock(list(depots), since, inputs.as_of).items()
    ):
        depot = depots[depot_id]
        held[(depot.regency_code, commodity)].append(
            {"id": depot_id, "name": depot.name, "quantity": quantity}
        )
    return [
        {
            "village_code": regency,
            "commodity_code": commodity,
            "depots": held[key],
            "villages": sorted(short[key], key=lambda v: v["coverage"]),
        }
        for key in sorted(held)
        if key in short
        for regency, commodity in [key]
    ]


FEEDS: dict[str, Callable] = {
    "undersupplied": undersupplied_feed,
    "no_delivery": no_delivery_feed,
    "unconfirmed": unconfirmed_feed,
    "receipt_gap": receipt_gap_feed,
    "location_mismatch": location_mismatch_feed,
    "resident_reports": resident_reports_feed,
    "inequity": inequity_feed,
    "receipt_disputed": receipt_disputed_feed,
    "plausibility_override": plausibility_override_feed,
    "stock_idle": stock_idle_feed,
}
