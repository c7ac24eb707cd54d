"""Reads of the stock ledger: lines per depot, on hand as of a moment, entry lists."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from relief.extensions import db
from relief.stock.ledger import Line
from relief.stock.models import StockEntry, StockOverride, StockTracking


def tracking(depot_id: int) -> StockTracking | None:
    """The depot's tracking row (None: not stock-tracked)."""
    return db.session.scalar(select(StockTracking).where(StockTracking.depot_id == depot_id))


def tracked_since(depot_id: int) -> datetime | None:
    """Since when the depot's ledger is complete (None: not stock-tracked)."""
    row = tracking(depot_id)
    return row.tracked_since if row is not None else None


def lines(
    depot_ids: list[int],
    as_of: datetime | None = None,
    after: datetime | None = None,
    commodities: list[str] | None = None,
) -> dict[int, list[Line]]:
    """The ledger lines that count for on hand, per depot: from the depot's `tracked_since`
    (everything for a depot that is not tracked), or strictly after `after`, up to `as_of`."""
    if not depot_ids:
        return {}
    conditions = _scope(depot_ids, as_of, commodities)
    if after is not None:
        conditions.append(StockEntry.occurred_at > after)
    stmt = (
        select(
            StockEntry.depot_id,
            StockEntry.commodity_code,
            StockEntry.kind,
            StockEntry.occurred_at,
            StockEntry.id,
            StockEntry.change_base,
            StockEntry.counted_base,
        )
        .outerjoin(StockTracking, StockTracking.depot_id == StockEntry.depot_id)
        .where(and_(*conditions))
    )
    found: dict[int, list[Line]] = defaultdict(list)
    for depot_id, commodity, kind, at, entry_id, change, counted in db.session.execute(stmt):
        found[depot_id].append(
            Line(
                commodity,
                kind,
                at,
                entry_id,
                float(change or 0),
                None if counted is None else float(counted),
            )
        )
    return found


def _scope(depot_ids: list[int], as_of: datetime | None, commodities: list[str] | None):
    conditions = [
        StockEntry.depot_id.in_(sorted(set(depot_ids))),
        or_(
            StockTracking.tracked_since.is_(None),
            StockEntry.occurred_at >= StockTracking.tracked_since,
        ),
    ]
    if as_of is not None:
        conditions.append(StockEntry.occurred_at <= as_of)
    if commodities is not None:
        conditions.append(StockEntry.commodity_code.in_(sorted(commodities)))
    return conditions


def on_hand_many(
    depot_ids: list[int], as_of: datetime | None = None, commodities: list[str] | None = None
) -> dict[int, dict[str, float]]:
    """Per depot and commodity, the on hand as of a moment, in two grouped queries (the same
    answer as folding the lines with relief.stock.ledger.on_hand): what the last count
    found, plus every movement after it."""
    if not depot_ids:
        return {}
    joined = (StockTracking, StockTracking.depot_id == StockEntry.depot_id)
    scope = _scope(depot_ids, as_of, commodities)
    counts = (
        select(
            StockEntry.depot_id,
            StockEntry.commodity_code,
            func.max(StockEntry.occurred_at).label("at"),
        )
        .outerjoin(*joined)
        .where(*scope, StockEntry.kind == "count")
        .group_by(StockEntry.depot_id, StockEntry.commodity_code)
        .subquery()
    )
    count = aliased(StockEntry)
    counted = (
        select(count.counted_base)
        .where(
            count.depot_id == counts.c.depot_id,
            count.commodity_code == counts.c.commodity_code,
            count.kind == "count",
            count.occurred_at == counts.c.at,
        )
        .order_by(count.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    out: dict[int, dict[str, float]] = defaultdict(dict)
    for depot_id, commodity, value in db.session.execute(
        select(counts.c.depot_id, counts.c.commodity_code, counted)
    ):
        out[depot_id][commodity] = float(value or 0)
    moves = (
        select(StockEntry.depot_id, StockEntry.commodity_code, func.sum(StockEntry.change_base))
        .outerjoin(*joined)
        .outerjoin(
            counts,
            and_(
                counts.c.depot_id == StockEntry.depot_id,
                counts.c.commodity_code == StockEntry.commodity_code,
            ),
        )
        .where(
            *scope,
            StockEntry.kind != "count",
            or_(counts.c.at.is_(None), StockEntry.occurred_at > counts.c.at),
        )
        .group_by(StockEntry.depot_id, StockEntry.commodity_code)
    )
    for depot_id, commodity, change in db.session.execute(moves):
        total = round(out[depot_id].get(commodity, 0.0) + float(change or 0), 3)
        out[depot_id][commodity] = total or 0.0  # a float sum may round to -0.0 ("-0 liter")
    return out


def on_hand_at(depot_id: int, as_of: datetime | None = None) -> dict[str, float]:
    """Per commodity, the depot's on hand (base units) as of a moment (None: now)."""
    return on_hand_many([depot_id], as_of).get(depot_id, {})


def _lowest(start: dict[str, float], later: list[Line]) -> dict[str, float]:
    values, lowest = dict(start), dict(start)
    for line in sorted(later, key=lambda ln: (ln.at, ln.kind == "count", ln.id)):
        value = (
            float(line.counted or 0)
            if line.kind == "count"
            else values.get(line.commodity, 0.0) + line.change
        )
        values[line.commodity] = round(value, 3)
        lowest[line.commodity] = min(lowest.get(line.commodity, 0.0), round(value, 3))
    return lowest


def available_from(
    depot_id: int, at: datetime, commodities: list[str] | None = None
) -> dict[str, float]:
    """What may leave the depot at `at` without any later moment going below zero: the on
    hand at `at`, lowered by every dip of the (few) lines after it."""
    start = on_hand_many([depot_id], at, commodities).get(depot_id, {})
    later = lines([depot_id], after=at, commodities=commodities).get(depot_id, [])
    return _lowest(start, later)


def idle_stock(depot_ids: list[int], since: datetime, as_of: datetime) -> dict[tuple, float]:
    """(depot, commodity) -> what stayed in the depot from `since` to `as_of` (tracked
    depots only: an untracked ledger says nothing about the shelves)."""
    tracked = sorted(
        set(
            db.session.scalars(
                select(StockTracking.depot_id).where(
                    StockTracking.depot_id.in_(sorted(set(depot_ids))),
                    StockTracking.tracked_since.is_not(None),
                )
            )
        )
    )
    starts = on_hand_many(tracked, since)
    window = lines(tracked, as_of, after=since)
    out = {}
    for depot_id in tracked:
        held = _lowest(starts.get(depot_id, {}), window.get(depot_id, []))
        for commodity, quantity in held.items():
            if quantity > 0:
                out[(depot_id, commodity)] = quantity
    return out


def entry_search(depot_id: int, filters: dict) -> Select:
    """A depot's ledger entries, newest first, by kind, commodity and period."""
    stmt = select(StockEntry).where(StockEntry.depot_id == depot_id)
    if filters.get("kind"):
        stmt = stmt.where(StockEntry.kind == filters["kind"])
    if filters.get("commodity"):
        stmt = stmt.where(StockEntry.commodity_code == filters["commodity"])
    if filters.get("from"):
        stmt = stmt.where(StockEntry.occurred_at >= filters["from"])
    if filters.get("to"):
        stmt = stmt.where(StockEntry.occurred_at <= filters["to"])
    if filters.get("shipment_id"):
        stmt = stmt.where(StockEntry.shipment_id == filters["shipment_id"])
    return stmt.order_by(StockEntry.occurred_at.desc(), StockEntry.id.desc())


def active_override(depot_id: int, commodities: list[str], at: datetime) -> StockOverride | None:
    """The newest admin override in force at `at` for the depot (a commodity's or all)."""
    return db.session.scalar(
        select(StockOverride)
        .where(
            StockOverride.depot_id == depot_id,
            StockOverride.set_at <= at,
            StockOverride.valid_until > at,
            or_(
                StockOverride.commodity_code.is_(None),
                StockOverride.commodity_code.in_(sorted(commodities)),
            ),
        )
        .order_by(StockOverride.id.desc())
        .limit(1)
    )


def overrides_of(depot_id: int) -> list[StockOverride]:
    """Every override an admin set for a depot, newest first."""
    return list(
        db.session.scalars(
            select(StockOverride)
            .where(StockOverride.depot_id == depot_id)
            .order_by(StockOverride.id.desc())
        )
    )


def returned_for(shipment_id: int, commodity: str) -> float:
    """What has already come back to the depot from a shipment, in base units."""
    total = db.session.scalar(
        select(db.func.sum(StockEntry.change_base)).where(
            StockEntry.shipment_id == shipment_id,
            StockEntry.commodity_code == commodity,
            StockEntry.kind == "return",
        )
    )
    return float(total or 0)


def overrides_by_id(ids: set[int]) -> dict[int, StockOverride]:
    """Overrides named by ledger entries (for their reason)."""
    if not ids:
        return {}
    return {
        o.id: o
        for o in db.session.scalars(select(StockOverride).where(StockOverride.id.in_(sorted(ids))))
    }
