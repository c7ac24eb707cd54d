"""Reads over areas: search, filters, one area, its ancestors."""

from flask import abort
from sqlalchemy import Select, false, func, or_, select

from relief.areas.models import Area
from relief.extensions import db


def area_search(
    q: str | None = None, level: str | None = None, parent: str | None = None
) -> Select:
    """Areas whose name or code matches `q`, optionally of one level under one parent."""
    stmt = select(Area).order_by(Area.code)
    if q:
        needle = q.strip().lower()
        stmt = stmt.where(
            or_(
                func.lower(Area.name).contains(needle, autoescape=True),
                Area.code.startswith(needle.replace(" ", ""), autoescape=True),
            )
        )
    if level:
        stmt = stmt.where(Area.level == level)
    if parent:
        stmt = stmt.where(
            or_(
                Area.parent_code == parent,
                Area.regency_code == parent,
                Area.district_code == parent,
            )
        )
    return stmt


def get_area(code: str) -> Area:
    """One area by code, or 404."""
    area = db.session.get(Area, code)
    if area is None:
        abort(404)
    return area


def ancestors(area: Area) -> list[Area]:
    """Province, regency and district above an area (nearest last)."""
    codes = [c for c in ("36", area.regency_code, area.district_code) if c and c != area.code]
    found = {a.code: a for a in db.session.scalars(select(Area).where(Area.code.in_(codes)))}
    return [found[c] for c in codes if c in found]


def village_codes_exist(codes: set[str]) -> set[str]:
    """The subset of codes that name known villages."""
    if not codes:
        return set()
    stmt = select(Area.code).where(Area.code.in_(codes), Area.level == "village")
    return set(db.session.scalars(stmt))


def geometry_sources() -> list:
    """(level, geometry source, count) rows: where each level's shapes come from."""
    stmt = (
        select(Area.level, Area.geometry_source, func.count())
        .where(Area.level != "province")
        .group_by(Area.level, Area.geometry_source)
        .order_by(Area.level, Area.geometry_source)
    )
    return db.session.execute(stmt).all()


def unknown_area_codes(codes: list[str], levels: tuple[str, ...]) -> list[str]:
    """The codes that name no known area of one of these levels (in the order given)."""
    if not codes:
        return []
    stmt = select(Area.code).where(Area.code.in_(set(codes)), Area.level.in_(levels))
    known = set(db.session.scalars(stmt))
    return [code for code in codes if code not in known]


def within(column, area_codes: list[str]):
    """SQL condition: an area code column inside one of these province/regency/district codes."""
    if not area_codes:
        return false()
    return or_(*[or_(column == code, column.startswith(code + ".")) for code in area_codes])
