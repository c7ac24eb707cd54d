"""The real Banten boundaries from ../shared/geodata (skipped where absent)."""

import json
import random

import pytest

from relief.unit_of_work import commit_write


@pytest.fixture
def real_villages(app, shared_geodata, restore_areas):
    """The 1,552 real village polygons imported (and committed) once for the test."""
    from relief.areas.boundary_import import import_boundaries

    path = shared_geodata / "banten_villages.geojson"
    with app.app_context():
        report = import_boundaries(path)
        commit_write()
    return path, report


def test_real_villages_import_and_200_interior_points_map_back(client, real_villages):
    path, report = real_villages
    assert report["matched"] == 1552 and report["missing"] == 0
    features = json.loads(path.read_text())["features"]
    sample = random.Random(3).sample(features, 200)
    wrong = []
    for feature in sample:
        props = feature["properties"]
        answer = client.get(f"/api/v1/areas/lookup?lat={props['lat']}&lon={props['lon']}").json
        if answer.get("code") != props["code"]:
            wrong.append((props["code"], answer))
    assert wrong == []
    regencies = client.get("/api/v1/areas.geojson?level=regency").json["features"]
    assert {f["properties"]["geometry_source"] for f in regencies} == {
        "banten_villages.geojson (regency)"
    }
