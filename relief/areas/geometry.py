"""Display geometry and metric distances for village shapes (pure: no Flask, no database)."""

import math
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer

GRID = 1e-5  # degrees, about 1 m: the precision of display geometry
DEFAULT_DISPLAY_TOLERANCE = 0.0002  # degrees, about 20 m


def display_geometries(shapes: list, tolerance: float = DEFAULT_DISPLAY_TOLERANCE) -> list:
    """Simplify a set of neighbouring polygons together so shared edges stay shared.

    `coverage_simplify` (shapely >= 2.1) keeps neighbours' common edges identical, where a
    per-polygon `simplify` opens gaps and overlaps; snapping to a 1e-5 grid trims the digits.
    """
    if not shapes:
        return []
    array = np.asarray(shapes, dtype=object)
    simplified = shapely.coverage_simplify(array, tolerance) if tolerance > 0 else array
    return list(snap_to_grid(simplified))


def snap_to_grid(shapes: np.ndarray) -> np.ndarray:
    """Round coordinates to the grid (identical vertices stay identical), then repair the few
    polygons a rounding collapsed; a shape that vanishes keeps its unrounded form."""
    snapped = shapely.set_precision(shapes, GRID, mode="pointwise")
    broken = ~shapely.is_valid(snapped)
    if broken.any():
        snapped[broken] = [
            _polygonal(shapely.make_valid(s, method="structure", keep_collapsed=False))
            for s in snapped[broken]
        ]
    empty = shapely.is_empty(snapped)
    snapped[empty] = shapes[empty]
    return snapped


def _polygonal(geometry):
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon"]
    return shapely.multipolygons(parts) if len(parts) > 1 else (parts[0] if parts else geometry)


def utm_epsg(lon: float, lat: float) -> int:
    """The EPSG code of the UTM zone holding a point."""
    zone = int(math.floor((lon + 180) / 6)) % 60 + 1
    return (32700 if lat < 0 else 32600) + zone


@lru_cache(maxsize=8)
def _to_utm(epsg: int) -> Transformer:
    return Transformer.from_crs(4326, epsg, always_xy=True)


def distance_m(geometry, lon: float, lat: float) -> float:
    """Metres from a point to a geometry in EPSG:4326 (0 inside), measured in local UTM."""
    if shapely.contains_xy(geometry, lon, lat):
        return 0.0
    forward = _to_utm(utm_epsg(lon, lat))
    metric = shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(*xy.T)))
    x, y = forward.transform(lon, lat)
    return float(shapely.distance(metric, shapely.Point(x, y)))


_DEGREES_PER_METRE = 1 / 110_000  # a generous bound: a degree is at least 110.5 km at lat 0


def reach_degrees(lat: float, tolerance_m: float) -> float:
    """Degrees around a point that hold everything within `tolerance_m` metres of it."""
    return tolerance_m * _DEGREES_PER_METRE / max(math.cos(math.radians(lat)), 0.1)


def nearest_within(
    candidates, lon: float, lat: float, tolerance_m: float
) -> tuple[str, float] | None:
    """(code, metres) of the nearest of (code, shape) candidates; None beyond the tolerance.

    Ties in distance go to the smaller code, so every engine that offers the same candidates
    gives the same answer.
    """
    measured = sorted((distance_m(shape, lon, lat), code) for code, shape in candidates)
    if not measured or measured[0][0] > tolerance_m:
        return None
    distance, code = measured[0]
    return code, distance
