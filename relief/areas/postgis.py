"""Point-to-village lookups answered by PostGIS, where the database has it.

The shapes stay where they are, WKB in `area.geom`; a partial GiST index on the expression
`ST_GeomFromWKB(geom, 4326)` over the villages lets PostgreSQL find the candidates, so no
process holds every shape in memory. The migration that adds the index (and the test schema)
calls `install`; a PostgreSQL without the extension keeps the in-process STRtree.
"""

import logging

import shapely
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from relief.areas.geometry import nearest_within, reach_degrees

log = logging.getLogger(__name__)

INDEX = "ix_area_village_geom"
# Queries spell the indexed expression, ST_GeomFromWKB(geom, 4326), so that the planner uses it.
# Borders count as inside (intersects); nested shapes answer the smaller, as the STRtree does.
_CONTAINING = text(
    "SELECT code FROM area WHERE level = 'village'"
    " AND ST_Intersects(ST_GeomFromWKB(geom, 4326), ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))"
    " ORDER BY ST_Area(ST_GeomFromWKB(geom, 4326)), code LIMIT 1"
)
# Every village within `reach` degrees: a superset of those within the tolerance in metres,
# which are then measured in local UTM exactly as the STRtree path measures them.
_NEAR = text(
    "SELECT code, geom FROM area WHERE level = 'village' AND ST_DWithin("
    "ST_GeomFromWKB(geom, 4326), ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), :reach)"
)
_SHAPE_OF = text("SELECT geom FROM area WHERE level = 'village' AND code = :code")


def install(connection) -> bool:
    """Create the extension and the village index on PostgreSQL; False where it cannot."""
    if connection.dialect.name != "postgresql":
        return False
    try:
        with connection.begin_nested():  # a refused CREATE EXTENSION must not abort the rest
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    except DBAPIError as error:
        log.warning("PostGIS unavailable, lookups keep the in-process STRtree: %s", error.orig)
        return False
    connection.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON area USING gist (ST_GeomFromWKB(geom, 4326))"
        " WHERE level = 'village'"
    )
    return True


def uninstall(connection) -> None:
    """Drop the village index (the extension stays: other objects may use it)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")


def available(session) -> bool:
    """Whether this database has the village index (and so PostGIS)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return bool(session.scalar(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": INDEX}))


def village_at(session, lat: float, lon: float, tolerance_m: float):
    """(code, metres, exact) as `relief.areas.spatial.village_at` answers, from the database."""
    point = {"lon": lon, "lat": lat}
    code = session.scalar(_CONTAINING, point)
    if code is not None:
        return code, 0.0, True
    rows = session.execute(_NEAR, {**point, "reach": reach_degrees(lat, tolerance_m)}).all()
    found = nearest_within(
        ((r.code, shapely.from_wkb(r.geom)) for r in rows), lon, lat, tolerance_m
    )
    return None if found is None else (found[0], found[1], False)


def village_shape(session, code: str):
    """One village's stored shape, or None."""
    wkb = session.scalar(_SHAPE_OF, {"code": code})
    return None if wkb is None else shapely.from_wkb(wkb)
