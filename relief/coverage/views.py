"""Reads that assemble the staff pages (village page, regency summary)."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from relief.areas.models import Area
from relief.audit.models import Amendment
from relief.catalog.models import Commodity
from relief.coverage.math import band, rollup_band, weakest_link
from relief.coverage.models import Assessment
from relief.coverage.queries import area_coverage, area_rollup, village_coverage
from relief.extensions import db
from relief.logistics.models import Shipment

SORTS = ("coverage", "name", "need", "worst_hit", "villages_red")


def assessment_history(event_id: int, code: str) -> list[Assessment]:
    """Every assessment of a village in an event, newest first."""
    stmt = (
        select(Assessment)
        .where(Assessment.event_id == event_id, Assessment.village_code == code)
        .order_by(Assessment.assessed_at.desc(), Assessment.id.desc())
    )
    return list(db.session.scalars(stmt))


def amended_assessment_ids(event_id: int, code: str) -> set[int]:
    """Ids of a village's assessments that have corrections (one query)."""
    stmt = select(Amendment.entity_id).where(
        Amendment.event_id == event_id,
        Amendment.village_code == code,
        Amendment.entity == "assessment",
    )
    return set(db.session.scalars(stmt))


def village_shipments(event_id: int, code: str) -> list[Shipment]:
    """Shipments to a village with items and receipt, newest first."""
    stmt = (
        select(Shipment)
        .options(selectinload(Shipment.items), selectinload(Shipment.receipt))
        .where(Shipment.event_id == event_id, Shipment.destination_code == code)
        .order_by(Shipment.created_at.desc())
    )
    return list(db.session.scalars(stmt))


def commodity_names() -> dict[str, Commodity]:
    """Commodities by code."""
    return {c.code: c for c in db.session.scalars(select(Commodity))}


def village_needs(event_id: int, code: str, as_of: datetime) -> list[dict]:
    """Need vs delivered per commodity of one village, with band and the norm's source."""
    rows = village_coverage(event_id, as_of, codes={code}, only_active=False)
    for row in rows:
        row["band"] = band(row["coverage"])
        row["percent"] = None if row["coverage"] is None else min(row["coverage"], 1) * 100
    return rows


def area_summary(event_id: int, as_of: datetime, parent: str | None, sort: str) -> list[dict]:
    """One row per child area (regency, district or village) with coverage per core
    commodity, the weakest link and its band; sorted by `sort` (see `area_rows`)."""
    depth = parent.count(".") if parent else -1
    if depth >= 1:
        level = "village" if depth == 2 else "district"
    else:
        level = "regency"
    return sorted(area_rows(event_id, as_of, level, parent), key=_sort_key(sort))


def area_rows(event_id: int, as_of: datetime, level: str, parent: str | None) -> list[dict]:
    """Rows of one level under `parent`: coverage per core commodity, the weakest link, band.

    District and regency rows carry villages_assessed, villages_red and worst_village over
    each village's weakest core commodity, and their band never hides a red worst-hit
    village (`rollup_band`); their `weakest` is the lowest sum-over-sum core figure."""
    if level == "village":
        rows = village_coverage(event_id, as_of, parent=parent)
        for row in rows:
            row["worst_hit"] = 1 if (row["severity"] or 0) >= 4 else 0
        rollup = {}
    else:
        rows = area_coverage(event_id, as_of, level, parent)
        rollup = area_rollup(event_id, as_of, level, parent)
    areas: dict[str, dict] = {}
    for row in rows:
        area = areas.setdefault(
            row["code"],
            {
                "code": row["code"],
                "name": row["name"],
                "level": level,
                "coverages": {},
                "need": {},
                "delivered": {},
                "severity": row["severity"],
                "worst_hit": row["worst_hit"],
                "displaced": row["displaced"],
            },
        )
        if row["is_core"]:
            area["coverages"][row["commodity"]] = row["coverage"]
            area["need"][row["commodity"]] = row["need"]
            area["delivered"][row["commodity"]] = row["delivered"]
    for area in areas.values():
        area["weakest"] = weakest_link(area["coverages"], area["coverages"].keys())
        if level == "village":
            area["band"] = band(area["weakest"])
            continue
        area.update(
            rollup.get(
                area["code"], {"villages_assessed": 0, "villages_red": 0, "worst_village": None}
            )
        )
        area["band"] = rollup_band(area["weakest"], area["villages_red"])
    return list(areas.values())


def _sort_key(sort: str):
    if sort == "name":
        return lambda a: a["name"]
    if sort == "need":
        return lambda a: -sum(a["need"].values())
    if sort == "villages_red":
        return lambda a: (-(a.get("villages_red") or 0), a["weakest"] is None, a["weakest"] or 0)
    if sort == "worst_hit":
        return lambda a: (-(a["worst_hit"] or 0), a["name"])
    return lambda a: (a["weakest"] is None, a["weakest"] or 0, a["name"])


def breadcrumbs(parent: str | None) -> list[Area]:
    """Regency and district above a drill-down level."""
    if not parent:
        return []
    parts = parent.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(1, len(parts))]
    found = {a.code: a for a in db.session.scalars(select(Area).where(Area.code.in_(codes)))}
    return [found[c] for c in codes if c in found]
