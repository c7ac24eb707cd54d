"""Reads over areas: search, filters, one area, its ancestors."""

from flask import abort
from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import aliased

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


def place_label(kind: str | None, name: str, district: str, regency: str) -> str:
    """A village's full name as people write it on paper (pure):
    "Desa Banjarsari, Kec. Warunggunung, Kab. Lebak" (Banten has six Banjarsari)."""
    parts = [f"{kind or 'Desa'} {name}"]
    if district:
        parts.append(f"Kec. {district}")
    if regency:
        parts.append(regency.replace("Kabupaten ", "Kab. ", 1))
    return ", ".join(parts)


def place_labels(codes) -> dict[str, str]:
    """Full names ("Desa X, Kec. Y, Kab. Z") of villages by code, in one query."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    district = aliased(Area)
    regency = aliased(Area)
    rows = db.session.execute(
        select(Area.code, Area.kind, Area.name, district.name, regency.name)
        .outerjoin(district, district.code == Area.district_code)
        .outerjoin(regency, regency.code == Area.regency_code)
        .where(Area.code.in_(codes), Area.level == "village")
    )
    return {code: place_label(kind, name, d or "", r or "") for code, kind, name, d, r in rows}
