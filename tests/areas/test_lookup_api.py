"""`/api/v1/areas/lookup` and distances from villages."""

import pytest

from relief.areas import spatial
from relief.areas.boundary_import import import_boundaries
from relief.unit_of_work import commit_write
from tests.areas.conftest import CODES, ORIGIN, SIZE


def test_lookup_answers_the_village_containing_the_point(client):
    response = client.get("/api/v1/areas/lookup?lat=-6.657513&lon=105.59305")
    assert response.status_code == 200
    assert response.json["code"] == "36.01.01.2001"
    assert response.json["exact"] is True and response.json["distance_m"] == 0


def test_lookup_route_is_not_taken_for_an_area_code(client):
    response = client.get("/api/v1/areas/lookup")
    assert response.status_code == 422  # lat and lon are required, not "area lookup not found"


def test_lookup_far_from_every_village_is_404_in_the_envelope(client):
    response = client.get("/api/v1/areas/lookup?lat=-2.0&lon=110.0")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.fixture
def gapped_block(app, golden, restore_areas):
    """The 2 x 2 golden block imported with a 100 m gap opened along its east side."""
    with app.app_context():
        import_boundaries(golden("geojson"))

        commit_write()
    return ORIGIN[0] + 2 * SIZE  # longitude of the east edge


def test_point_in_a_gap_gets_the_nearest_village_and_says_so(client, gapped_block):
    lat = ORIGIN[1] + 0.5 * SIZE
    response = client.get(f"/api/v1/areas/lookup?lat={lat}&lon={gapped_block + 0.0009}")
    assert response.status_code == 200
    body = response.json
    assert body["code"] == CODES[1] and body["fallback"] is True
    assert 90 < body["distance_m"] < 110


def test_point_beyond_the_tolerance_is_404(client, gapped_block, app):
    app.config["GEODATA_LOOKUP_TOLERANCE_M"] = 50
    try:
        lat = ORIGIN[1] + 0.5 * SIZE
        response = client.get(f"/api/v1/areas/lookup?lat={lat}&lon={gapped_block + 0.0009}")
    finally:
        app.config["GEODATA_LOOKUP_TOLERANCE_M"] = 200
    assert response.status_code == 404


def test_lookup_index_follows_an_import_by_another_process(app, client, gapped_block):
    # gapped_block committed an import; the index must have noticed through the revision.
    lat, lon = ORIGIN[1] + 1.5 * SIZE, ORIGIN[0] + 0.5 * SIZE
    assert client.get(f"/api/v1/areas/lookup?lat={lat}&lon={lon}").json["code"] == CODES[2]


def test_distance_to_village_is_zero_inside_and_metres_outside(app_ctx):
    assert spatial.distance_to_village_m("36.01.01.2001", -6.657513, 105.59305) == 0
    outside = spatial.distance_to_village_m("36.01.01.2001", -6.657513, 105.80)
    assert outside > 10_000


def test_distance_to_unknown_village_is_none(app_ctx):
    assert spatial.distance_to_village_m("36.99.99.9999", -6.6, 105.6) is None
