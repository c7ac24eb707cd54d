"""The real Banten boundaries from ../shared/geodata (skipped where absent)."""

import json
import random


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
