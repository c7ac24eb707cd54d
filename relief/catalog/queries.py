"""Reads over the catalogue."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from relief.catalog.models import Commodity, CommodityUnit, Norm
from relief.extensions import db


def all_commodities() -> list[Commodity]:
    """Every commodity with its units, core ones first."""
    stmt = select(Commodity).options(selectinload(Commodity.units)).order_by(Commodity.sort_order)
    return list(db.session.scalars(stmt))


def unit_factors() -> dict[str, dict[str, float]]:
    """commodity code -> unit code -> base units per unit."""
    return {c.code: {u.code: float(u.factor) for u in c.units} for c in all_commodities()}


def norms_for(profile: str) -> dict[str, Norm]:
    """The norms of one profile by commodity code."""
    return {
        n.commodity_code: n for n in db.session.scalars(select(Norm).where(Norm.profile == profile))
    }


def unit_names() -> dict[tuple[str, str], dict[str, str]]:
    """(commodity code, unit code) -> the unit's Indonesian and English names."""
    return {
        (u.commodity_code, u.code): {"name_id": u.name_id, "name_en": u.name_en}
        for u in db.session.scalars(select(CommodityUnit))
    }


def commodity_search(filters: dict) -> list[Commodity]:
    """Commodities (with units) by core flag and name or code."""
    stmt = select(Commodity).options(selectinload(Commodity.units)).order_by(Commodity.sort_order)
    if filters.get("core") is not None:
        stmt = stmt.where(Commodity.is_core.is_(filters["core"]))
    if filters.get("q"):
        needle = filters["q"].strip().lower()
        stmt = stmt.where(
            or_(
                Commodity.code.contains(needle, autoescape=True),
                func.lower(Commodity.name_id).contains(needle, autoescape=True),
            )
        )
    return list(db.session.scalars(stmt))


def norm_search(filters: dict) -> list[Norm]:
    """Norms by profile and commodity."""
    stmt = select(Norm).order_by(Norm.profile, Norm.commodity_code)
    if filters.get("profile"):
        stmt = stmt.where(Norm.profile == filters["profile"])
    if filters.get("commodity"):
        stmt = stmt.where(Norm.commodity_code == filters["commodity"])
    return list(db.session.scalars(stmt))
