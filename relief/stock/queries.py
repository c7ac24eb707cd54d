"""Reads of the stock ledger: lines per depot, on hand as of a moment, entry lists."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Select, and_, or_, select

from relief.extensions import db
from relief.stock.ledger import Line, lowest_from, on_hand
from relief.stock.models import StockEntry, StockOverride, StockTracking


def tracking(depot_id: int) -> StockTracking | None:
    """The depot's tracking row (None: not stock-tracked)."""
    return db.session.scalar(select(StockTracking).where(StockTracking.depot_id == depot_id))


def tracked_since(depot_id: int) -> datetime | None:
    """Since when the depot's ledger is complete (None: not stock-tracked)."""
    row = tracking(depot_id)
    return row.tracked_since if row is not None else None


def lines(depot_ids: list[int], as_of: datetime | None = None) -> dict[int, list[Line]]:
    """The ledger lines that count for on hand, per depot: from the depot's `tracked_since`
    (everything for a depot that is not tracked) up to `as_of`."""
    if not depot_ids:
        return {}
    conditions = [StockEntry.depot_id.in_(sorted(set(depot_ids))),
                  or_(StockTracking.tracked_since.is_(None),
                      StockEntry.occurred_at >= StockTracking.tracked_since)]
    if as_of is not None:
        conditions.append(StockEntry.occurred_at <= as_of)
    stmt = (select(StockEntry.depot_id, StockEntry.commodity_code, StockEntry.kind,
                   StockEntry.occurred_at, StockEntry.id, StockEntry.change_base,
                   StockEntry.counted_base)
            .outerjoin(StockTracking, StockTracking.depot_id == StockEntry.depot_id)
            .where(and_(*conditions)))
    found: dict[int, list[Line]] = defaultdict(list)
    for depot_id, commodity, kind, at, entry_id, change, counted in db.session.execute(stmt):
        found[depot_id].append(Line(commodity, kind, at, entry_id, float(change or 0),
                                    None if counted is None else float(counted)))
    return found


def on_hand_at(depot_id: int, as_of: datetime | None = None) -> dict[str, float]:
    """Per commodity, the depot's on hand (base units) as of a moment (None: now)."""
    return on_hand(lines([depot_id], as_of).get(depot_id, []), as_of)


def available_from(depot_id: int, at: datetime) -> dict[str, float]:
    """What may leave the depot at `at` without any later moment going below zero."""
    return lowest_from(lines([depot_id]).get(depot_id, []), at)


def idle_stock(depot_ids: list[int], since: datetime, as_of: datetime) -> dict[tuple, float]:
    """(depot, commodity) -> what stayed in the depot from `since` to `as_of` (tracked
    depots only: an untracked ledger says nothing about the shelves)."""
    tracked = set(db.session.scalars(select(StockTracking.depot_id).where(
        StockTracking.depot_id.in_(sorted(set(depot_ids))),
        StockTracking.tracked_since.is_not(None))))
    out = {}
    for depot_id, depot_lines in lines(sorted(tracked), as_of).items():
        for commodity, quantity in lowest_from(depot_lines, since, as_of).items():
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
        select(StockOverride).where(
            StockOverride.depot_id == depot_id, StockOverride.set_at <= at,
            StockOverride.valid_until > at,
            or_(StockOverride.commodity_code.is_(None),
                StockOverride.commodity_code.in_(sorted(commodities))))
        .order_by(StockOverride.id.desc()).limit(1))


def overrides_of(depot_id: int) -> list[StockOverride]:
    """Every override an admin set for a depot, newest first."""
    return list(db.session.scalars(select(StockOverride).where(
        StockOverride.depot_id == depot_id).order_by(StockOverride.id.desc())))


def returned_for(shipment_id: int, commodity: str) -> float:
    """What has already come back to the depot from a shipment, in base units."""
    total = db.session.scalar(select(db.func.sum(StockEntry.change_base)).where(
        StockEntry.shipment_id == shipment_id, StockEntry.commodity_code == commodity,
        StockEntry.kind == "return"))
    return float(total or 0)


def overrides_by_id(ids: set[int]) -> dict[int, StockOverride]:
    """Overrides named by ledger entries (for their reason)."""
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(
        select(StockOverride).where(StockOverride.id.in_(sorted(ids))))}
