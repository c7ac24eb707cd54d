"""Approximate village polygons from interior points and areas (pure: no Flask, no database).

Each village gets the Voronoi cell of its interior point, clipped to the union of discs whose
radius follows each village's area (so the shape stays near its real size and coastal or
sparse villages do not spread to the horizon). The clipped cells are then noded together
(polygonize over their shared linework) so that neighbours share identical vertices: villages
form a clean coverage, their unions tile districts and districts tile regencies.
"""

import json
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

METRIC_CRS = "EPSG:32748"  # UTM 48S covers Banten
DISC_FACTOR = 1.35  # disc radius as a multiple of the radius of a circle of the village's area
MIN_RADIUS_M = 400.0
GRID = 1e-5  # degrees, about 1 m
APPROXIMATE = "approximate"


def _to_metric() -> Transformer:
    return Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


def _to_geographic() -> Transformer:
    return Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


def approximate_cells(villages: list[dict], disc_factor: float = DISC_FACTOR) -> dict[str, object]:
    """Village code -> approximate polygon (EPSG:4326) from `code, lat, lon, area_km2` records."""
    if not villages:
        return {}
    codes = [v["code"] for v in villages]
    x, y = _to_metric().transform([v["lon"] for v in villages], [v["lat"] for v in villages])
    points = shapely.points(np.column_stack([x, y]))
    radii = np.array([_radius_m(v.get("area_km2")) * disc_factor for v in villages])
    discs = shapely.union_all(shapely.buffer(points, radii, quad_segs=6))
    # Fill the holes the discs leave between villages: land there belongs to a neighbour.
    footprint = shapely.union_all(
        shapely.polygons(shapely.get_exterior_ring(shapely.get_parts(discs)))
    )
    box = shapely.box(min(x) - 1e5, min(y) - 1e5, max(x) + 1e5, max(y) + 1e5)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=box, ordered=True)
    )
    clipped = shapely.intersection(cells, footprint)
    back = _to_geographic()
    geographic = shapely.transform(clipped, lambda xy: np.column_stack(back.transform(*xy.T)))
    return _noded_coverage(codes, geographic)


def _radius_m(area_km2: float | None) -> float:
    if not area_km2 or area_km2 <= 0:
        return MIN_RADIUS_M
    return max(MIN_RADIUS_M, math.sqrt(area_km2 * 1e6 / math.pi))


def _noded_coverage(codes: list[str], cells: np.ndarray) -> dict[str, object]:
    """Snap the cells to the grid and rebuild them from shared linework (a valid coverage)."""
    snapped = shapely.set_precision(cells, GRID)
    linework = shapely.union_all(shapely.boundary(snapped), grid_size=GRID)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    tree = shapely.STRtree(snapped)
    owners = tree.query(shapely.point_on_surface(faces), predicate="within")
    by_code: dict[str, list] = {}
    for face_index, cell_index in zip(*owners, strict=True):
        by_code.setdefault(codes[cell_index], []).append(faces[face_index])
    return {code: shapely.coverage_union_all(parts) for code, parts in by_code.items()}


def to_feature_collection(cells: dict[str, object]) -> dict:
    """An RFC 7946 FeatureCollection of the cells with 5-decimal coordinates."""
    features = []
    for code in sorted(cells):
        geometry = shapely.orient_polygons(cells[code], exterior_cw=False)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code},
                "geometry": json.loads(shapely.to_geojson(geometry)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(cells: dict[str, object], path: Path) -> int:
    """Write the cells compactly (5 decimals, one line); returns the file size in bytes."""
    collection = to_feature_collection(cells)
    text = json.dumps(collection, separators=(",", ":"))
    text = _round_numbers(text)
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def _round_numbers(text: str) -> str:
    """Trim float noise (e.g. 105.12345000000001) that set_precision leaves in JSON."""
    import re

    return re.sub(r"-?\d+\.\d{6,}", lambda m: f"{float(m.group(0)):.5f}".rstrip("0"), text)


def village_records(rows: Iterable[dict]) -> list[dict]:
    """The village rows of the facts that have an interior point."""
    return [r for r in rows if r.get("level") == "village" and r.get("lat") is not None]
