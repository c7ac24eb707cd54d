"""Display geometry as quantized TopoJSON: each shared border once, integer deltas.

The map fetches this instead of GeoJSON. A village border shared by two villages is one arc
referenced by both; coordinates are integers on a grid half the simplification tolerance
wide (so a vertex moves at most 1.25 tolerances in all), delta-encoded along each arc.
Two levels of detail:

- `display`: the stored display geometry (simplified at GEODATA_DISPLAY_TOLERANCE, about
  20 m), for zoomed-in views;
- `overview`: the same coverage simplified further at GEODATA_OVERVIEW_TOLERANCE (0.002
  degrees, about 220 m; with the grid at most 0.0025 degrees, under the 0.0027 degrees of one
  screen pixel at zoom 9, the province-wide view), for the first view.

The stored display polygons of a real boundary file do not match their neighbours exactly
(slivers and overlaps a few metres wide), which would split every border into many small
arcs. `shapely.coverage_clean` first snaps them into a clean coverage, merging gaps narrower
than half the display tolerance into a neighbour, so the topology holds about one arc per
pair of neighbours. Built with the `topojson` package, once per revision and cached (see
`geojson.cached_body`): `build_display_topologies` builds every body the map asks for when
boundaries are imported, so that no map request has to. The map asks for each topology
packed (relief.areas.packed_topology: the same integers in fewer bytes, with its Brotli bytes
built once), at the revision its page names (`area_topology`).
"""

import json
import math
import time

import geopandas
import numpy as np
import shapely
import topojson
from flask import current_app
from shapely.errors import GEOSException
from sqlalchemy import func, select

from relief.areas.approximate import APPROXIMATE
from relief.areas.geojson import (
    APPROXIMATE_NOTICE,
    CachedGeoJSON,
    cached_body,
    cached_in_memory,
    display_rows,
)
from relief.areas.models import Area
from relief.areas.packed_topology import pack
from relief.areas.revision import current_revision
from relief.extensions import db

DETAILS = ("display", "overview")


def _key(level: str, parent: str | None, detail: str, kind: str) -> tuple:
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}")
    config = current_app.config
    display_tolerance = config["GEODATA_DISPLAY_TOLERANCE"]
    tolerance = display_tolerance if detail == "display" else config["GEODATA_OVERVIEW_TOLERANCE"]
    return (kind, level, parent or "", detail, display_tolerance, tolerance)


def area_topojson(
    level: str, parent: str | None, detail: str = "display", revision: str | None = None
) -> CachedGeoJSON:
    """The TopoJSON of (level, parent) at one level of detail (cached per revision)."""
    key = _key(level, parent, detail, "topojson")
    display_tolerance, tolerance = key[4], key[5]
    return cached_body(
        key,
        lambda: json.dumps(
            topology(level, parent, detail == "overview", tolerance, display_tolerance),
            separators=(",", ":"),
        ).encode(),
        revision=revision,
    )


def area_topology(
    level: str,
    parent: str | None,
    detail: str = "display",
    packed: bool = False,
    revision: str | None = None,
) -> CachedGeoJSON:
    """The topology of (level, parent) as TopoJSON, or `packed` (relief.areas.packed_topology,
    what the map loads: Brotli-compressed once when built); cached per revision.

    With `revision` (the token the map's URL carries), a body this process holds for it is
    answered without reading the database: a revision's bodies never change.
    """
    if not packed:
        hit = revision and cached_in_memory(_key(level, parent, detail, "topojson"), revision)
        return hit or area_topojson(level, parent, detail)
    key = _key(level, parent, detail, "topopacked")
    hit = revision and cached_in_memory(key, revision)
    if hit:
        return hit
    current = current_revision()
    return cached_body(
        key,
        lambda: pack(json.loads(area_topojson(level, parent, detail, current).body)),
        with_brotli=True,
        revision=current,
    )


def map_regions() -> tuple[list[str], list[str]]:
    """(provinces, regencies) that hold villages with display geometry."""
    province = func.substr(Area.code, 1, 2)
    has_shape = (Area.level == "village", Area.display_geom.is_not(None))
    provinces = db.session.scalars(
        select(province).where(*has_shape).distinct().order_by(province)
    ).all()
    regencies = db.session.scalars(
        select(Area.regency_code).where(*has_shape).distinct().order_by(Area.regency_code)
    ).all()
    return list(provinces), [r for r in regencies if r]


def build_display_topologies() -> dict:
    """Build and cache every village TopoJSON the map requests, at the current revision.

    Each province at overview detail (its first view), each regency at display detail (a
    regency's first view, and a zoomed-in province's detail). Called when boundaries are
    imported (a job's work: the map's requests then only read the bodies, from memory or
    GEODATA_CACHE_DIR); answers counts and seconds.
    """
    started = time.perf_counter()
    provinces, regencies = map_regions()
    wanted = [(p, "overview") for p in provinces]
    wanted += [(r, "display") for r in regencies]
    for parent, detail in wanted:
        area_topology("village", parent, detail, packed=True)
    return {
        "bodies": len(wanted),
        "provinces": len(provinces),
        "regencies": len(regencies),
        "seconds": round(time.perf_counter() - started, 2),
    }


def topology(
    level: str, parent: str | None, simplify: bool, tolerance: float, display_tolerance: float
) -> dict:
    """TopoJSON of one level's display shapes; id = area code, one property: name."""
    rows, shapes = topology_shapes(level, parent, simplify, tolerance, display_tolerance)
    if len(shapes):
        frame = geopandas.GeoDataFrame(
            {"name": [r.name for r in rows]},
            geometry=shapes,
            index=[r.code for r in rows],
            crs="EPSG:4326",
        )
        topo = topojson.Topology(
            frame, prequantize=grid_size(shapes, tolerance / 2), object_name=level
        ).to_dict()
    else:
        topo = {
            "type": "Topology",
            "objects": {level: {"type": "GeometryCollection", "geometries": []}},
            "arcs": [],
        }
    if any(r.geometry_source == APPROXIMATE for r in rows):
        topo["notice"] = APPROXIMATE_NOTICE
    return topo


def topology_shapes(
    level: str, parent: str | None, simplify: bool, tolerance: float, display_tolerance: float
) -> tuple[list, np.ndarray]:
    """The rows and the shapes a topology encodes: the display shapes snapped into a clean
    coverage, simplified further for the overview (bench/scale_bench.py gives explore() these
    same shapes, so that both sides draw the same detail)."""
    rows = display_rows(level, parent)
    shapes = np.asarray(
        shapely.from_wkb([r.display_geom for r in rows]) if rows else [], dtype=object
    )
    shapes = clean_coverage(shapes, display_tolerance)
    if simplify and len(shapes):
        shapes = keep_nonempty(shapely.coverage_simplify(shapes, tolerance), shapes)
    return rows, shapes


def clean_coverage(shapes: np.ndarray, display_tolerance: float) -> np.ndarray:
    """Neighbours snapped onto common edges, gaps under half the tolerance closed.

    Falls back to the shapes as stored where GEOS cannot clean them (or a shape would vanish).
    """
    if len(shapes) < 2:
        return shapes
    try:
        cleaned = shapely.coverage_clean(
            shapes, gap_width=display_tolerance / 2, snapping_distance=display_tolerance / 4
        )
    except GEOSException as err:
        current_app.logger.warning("coverage_clean failed, topology built uncleaned: %s", err)
        return shapes
    return keep_nonempty(cleaned, shapes)


def keep_nonempty(result: np.ndarray, original: np.ndarray) -> np.ndarray:
    """`result`, with the original shape wherever an operation left nothing or no polygon."""
    result = np.asarray(result, dtype=object).copy()
    broken = shapely.is_empty(result) | ~np.isin(shapely.get_type_id(result), (3, 6))
    result[broken] = original[broken]
    return result


def grid_size(shapes: np.ndarray, step: float) -> int:
    """TopoJSON quantization: grid positions along the longer side for cells of `step`."""
    min_x, min_y, max_x, max_y = shapely.total_bounds(shapes)
    return max(2, math.ceil(max(max_x - min_x, max_y - min_y) / step) + 1)
