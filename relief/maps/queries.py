"""Reads the coverage map needs besides coverage itself: regencies, extent, depots, deliveries."""

from datetime import datetime

from sqlalchemy import func, select

from relief.areas.models import Area
from relief.catalog.models import Commodity
from relief.core.models import code_prefix
from relief.extensions import db
from relief.logistics.models import Depot, Shipment

PROVINCE = "36"  # the province the map draws (Banten)


def regencies(province: str = PROVINCE) -> list[tuple[str, str]]:
    """(code, name) of the regencies and cities under a province, for the filter."""
    stmt = (
        select(Area.code, Area.name)
        .where(Area.level == "regency", Area.parent_code == province)
        .order_by(Area.code)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def village_extent(regency: str | None, province: str = PROVINCE) -> dict:
    """Number of villages in view, their bounds and whether any geometry is approximate."""
    where = [Area.level == "village"]
    if regency:
        where.append(Area.regency_code == regency)
    else:
        where.append(code_prefix(Area.code, f"{province}."))
    stmt = select(
        func.count(),
        func.min(func.coalesce(Area.min_lat, Area.lat)),
        func.min(func.coalesce(Area.min_lon, Area.lon)),
        func.max(func.coalesce(Area.max_lat, Area.lat)),
        func.max(func.coalesce(Area.max_lon, Area.lon)),
    ).where(*where)
    count, *box = db.session.execute(stmt).one()
    approximate = db.session.scalar(
        select(func.count()).where(*where, Area.geometry_source == "approximate")
    )
    return {
        "count": count,
        "bounds": tuple(box) if None not in box else None,
        "approximate": bool(approximate),
    }


def core_commodities(lang: str = "id") -> list[tuple[str, str, str]]:
    """(code, name, base unit) of the core commodities, in display order."""
    stmt = (
        select(Commodity)
        .where(Commodity.is_core.is_(True))
        .order_by(Commodity.sort_order, Commodity.code)
    )
    return [
        (c.code, c.name_en if lang == "en" else c.name_id, c.base_unit)
        for c in db.session.scalars(stmt)
    ]


def depot_points(
    regency: str | None, province: str = PROVINCE
) -> list[tuple[float, float, str, str]]:
    """(lat, lon, name, kind) of depots with a location, in one regency or the province."""
    stmt = select(Depot.lat, Depot.lon, Depot.name, Depot.kind).where(
        Depot.lat.is_not(None), Depot.lon.is_not(None)
    )
    if regency:
        stmt = stmt.where(Depot.regency_code == regency)
    else:
        stmt = stmt.where(code_prefix(Depot.regency_code, f"{province}."))
    return [tuple(row) for row in db.session.execute(stmt.order_by(Depot.name))]


def delivery_points(
    event_id: int, as_of: datetime, regency: str | None, province: str = PROVINCE
) -> list[tuple]:
    """(lat, lon, label) where shipments to villages in one regency or the province were
    delivered by `as_of` (GPS of the delivery)."""
    stmt = (
        select(Shipment.delivery_lat, Shipment.delivery_lon, Shipment.waybill_no, Area.name)
        .join(Area, Area.code == Shipment.destination_code)
        .where(
            Shipment.event_id == event_id,
            Shipment.status == "delivered",
            Shipment.delivered_at <= as_of,
            Shipment.delivery_lat.is_not(None),
            Shipment.delivery_lon.is_not(None),
        )
        .order_by(Shipment.id)
    )
    if regency:
        stmt = stmt.where(Area.regency_code == regency)
    else:
        stmt = stmt.where(code_prefix(Area.code, f"{province}."))
    return [
        (lat, lon, f"{waybill or '–'} · {name}")
        for lat, lon, waybill, name in db.session.execute(stmt)
    ]


def area_names(regency: str | None, province: str = "36") -> dict[str, str]:
    """Code -> name of the regencies and districts in view (labels of the map's zones)."""
    where = Area.regency_code == regency if regency else code_prefix(Area.code, f"{province}.")
    stmt = select(Area.code, Area.name).where(Area.level.in_(("regency", "district")), where)
    return {code: name for code, name in db.session.execute(stmt)}
