"""Approximate polygons from interior points and areas (pure)."""

import json

import shapely

from relief.areas.approximate import approximate_cells, write_geojson

VILLAGES = [
    {"code": "36.01.01.2001", "lat": -6.60, "lon": 105.60, "area_km2": 4.0},
    {"code": "36.01.01.2002", "lat": -6.61, "lon": 105.62, "area_km2": 6.0},
    {"code": "36.01.02.2001", "lat": -6.63, "lon": 105.60, "area_km2": 3.0},
    {"code": "36.01.02.2002", "lat": -6.64, "lon": 105.63, "area_km2": 9.0},
]


def test_each_approximate_cell_contains_its_own_interior_point():
    cells = approximate_cells(VILLAGES)
    assert all(shapely.contains_xy(cells[v["code"]], v["lon"], v["lat"]) for v in VILLAGES)


def test_approximate_cells_form_a_valid_coverage_without_overlaps():
    cells = list(approximate_cells(VILLAGES).values())
    assert shapely.coverage_is_valid(cells)
    total = sum(c.area for c in cells)
    assert abs(shapely.union_all(cells).area - total) < 1e-12


def test_approximate_cell_area_follows_the_village_area():
    cells = approximate_cells([dict(VILLAGES[0]), dict(VILLAGES[3], lat=-6.70)])
    small, large = cells["36.01.01.2001"], cells["36.01.02.2002"]
    assert large.area > 1.5 * small.area


def test_written_approximate_file_has_five_decimal_coordinates(tmp_path):
    path = tmp_path / "approx.geojson"
    write_geojson(approximate_cells(VILLAGES), path)
    data = json.loads(path.read_text())
    coordinates = shapely.get_coordinates(shapely.from_geojson(json.dumps(data["features"][0])))
    assert all(round(v, 5) == v for v in coordinates.ravel())
    codes = [f["properties"]["code"] for f in data["features"]]
    assert codes == sorted(v["code"] for v in VILLAGES)


def test_union_slivers_are_dropped_but_real_holes_kept():
    from relief.areas.boundary_plan import without_slivers

    outer = shapely.box(0, 0, 1, 1)
    shape = outer.difference(shapely.box(0.1, 0.1, 0.100001, 0.9)).difference(
        shapely.box(0.5, 0.5, 0.7, 0.7)
    )
    cleaned = without_slivers(shape)
    assert len(cleaned.interiors) == 1 and cleaned.interiors[0].bounds == (0.5, 0.5, 0.7, 0.7)
