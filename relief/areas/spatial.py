"""Point-to-village lookups: PostGIS where the database has it, else an in-memory STRtree.

On PostgreSQL with the village index of `relief.areas.postgis` (the production engine at
national scale) the database answers and no process holds the shapes. Elsewhere (SQLite, a
PostgreSQL without PostGIS, or GEODATA_LOOKUP_ENGINE=strtree) an STRtree of the stored village
shapes is built lazily per process and rebuilt when the geometry revision in the database
differs from the one it was built from, so an import made by another process (a CLI run,
another worker) is noticed on the next lookup at the cost of one primary-key read. Both
engines give the same answers.
"""

import threading
from dataclasses import dataclass

import numpy as np
import shapely
from flask import current_app
from sqlalchemy import select

from relief.areas import postgis
from relief.areas.geometry import distance_m, nearest_within, reach_degrees
from relief.areas.models import Area
from relief.areas.revision import current_revision
from relief.extensions import db


@dataclass
class VillageIndex:
    """Village codes and shapes with their STRtree, built from one geometry revision."""

    revision: str
    codes: list[str]
    shapes: np.ndarray
    tree: shapely.STRtree
    by_code: dict[str, int]


_lock = threading.Lock()


def engine() -> str:
    """The lookup engine: "postgis" where the database has the village index, else "strtree"."""
    if current_app.config["GEODATA_LOOKUP_ENGINE"] == "strtree":
        return "strtree"
    cache = current_app.extensions.setdefault("relief_village_index", {})
    if "postgis" not in cache:  # asked once per process: the index comes with a migration
        cache["postgis"] = postgis.available(db.session)
    return "postgis" if cache["postgis"] else "strtree"


def village_index() -> VillageIndex:
    """The current index, (re)built when the stored geometry changed."""
    revision = current_revision()
    cache = current_app.extensions.setdefault("relief_village_index", {})
    index = cache.get("index")
    if index is None or index.revision != revision:
        with _lock:
            index = cache.get("index")
            if index is None or index.revision != revision:
                index = _build(revision)
                cache["index"] = index
    return index


def _build(revision: str) -> VillageIndex:
    rows = db.session.execute(
        select(Area.code, Area.geom)
        .where(Area.level == "village", Area.geom.is_not(None))
        .order_by(Area.code)
    ).all()
    codes = [r.code for r in rows]
    shapes = shapely.from_wkb([r.geom for r in rows]) if rows else np.array([], dtype=object)
    return VillageIndex(
        revision, codes, shapes, shapely.STRtree(shapes), {c: i for i, c in enumerate(codes)}
    )


def village_at(
    lat: float, lon: float, tolerance_m: float | None = None
) -> tuple[str, float, bool] | None:
    """(village code, distance in metres, exact) for a point; None beyond the tolerance.

    A point inside a village answers it with distance 0 and exact True; a point in a gap
    between polygons answers the nearest village within `tolerance_m` with exact False.
    """
    if tolerance_m is None:
        tolerance_m = current_app.config["GEODATA_LOOKUP_TOLERANCE_M"]
    if engine() == "postgis":
        return postgis.village_at(db.session, lat, lon, tolerance_m)
    index = village_index()
    if not index.codes:
        return None
    point = shapely.Point(lon, lat)
    inside = index.tree.query(point, predicate="intersects")
    if len(inside):
        best = min(inside, key=lambda i: shapely.area(index.shapes[i]))  # nested: the smaller
        return index.codes[best], 0.0, True
    near = index.tree.query(point.buffer(reach_degrees(lat, tolerance_m)))
    found = nearest_within(((index.codes[i], index.shapes[i]) for i in near), lon, lat, tolerance_m)
    return None if found is None else (found[0], found[1], False)


def distance_to_village_m(code: str, lat: float, lon: float) -> float | None:
    """Metres from a point to one village's shape (0 inside); None without a shape."""
    if engine() == "postgis":
        shape = postgis.village_shape(db.session, code)
        return None if shape is None else distance_m(shape, lon, lat)
    index = village_index()
    position = index.by_code.get(code)
    if position is None:
        return None
    return distance_m(index.shapes[position], lon, lat)
