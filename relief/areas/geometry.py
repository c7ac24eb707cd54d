"""Display geometry and metric distances for village shapes (pure: no Flask, no database)."""

import math

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
    snapped = shapely.set_precision(simplified, GRID)
    # A sliver may vanish at this precision: keep the original shape rather than nothing.
    return [s if not shapely.is_empty(s) else o for s, o in zip(snapped, array, strict=True)]


def utm_epsg(lon: float, lat: float) -> int:
    """The EPSG code of the UTM zone holding a point."""
    zone = int(math.floor((lon + 180) / 6)) % 60 + 1
    return (32700 if lat < 0 else 32600) + zone


def distance_m(geometry, lon: float, lat: float) -> float:
    """Metres from a point to a geometry in EPSG:4326 (0 inside), measured in local UTM."""
    if shapely.contains_xy(geometry, lon, lat):
        return 0.0
    forward = Transformer.from_crs(4326, utm_epsg(lon, lat), always_xy=True)
    metric = shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(*xy.T)))
    x, y = forward.transform(lon, lat)
    return float(shapely.distance(metric, shapely.Point(x, y)))
