"""`/api/v1/areas.geojson`: display geometry, cached with an ETag and gzip."""

import gzip
import json

import shapely


def test_geojson_serves_villages_of_a_regency_with_their_properties(client):
    response = client.get("/api/v1/areas.geojson?level=village&parent=36.02")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    features = response.json["features"]
    assert features and all(f["properties"]["regency_code"] == "36.02" for f in features)
    first = features[0]["properties"]
    assert first["geometry_source"] == "approximate" and first["approximate"] is True
    assert "flask geodata import" in response.json["notice"]


def test_geojson_is_rfc7946_counter_clockwise_lon_lat(client):
    features = client.get("/api/v1/areas.geojson?level=district&parent=36.01").json["features"]
    for feature in features:
        geometry = shapely.geometry.shape(feature["geometry"])
        assert geometry.is_valid
        for polygon in getattr(geometry, "geoms", [geometry]):
            assert polygon.exterior.is_ccw
        lon, lat = shapely.get_coordinates(geometry)[0]
        assert 105 < lon < 107 and -7.5 < lat < -5.5


def test_geojson_answers_304_to_a_matching_etag(client):
    first = client.get("/api/v1/areas.geojson?level=regency")
    again = client.get(
        "/api/v1/areas.geojson?level=regency", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and not again.data


def test_geojson_is_gzipped_when_the_client_accepts_it(client):
    plain = client.get("/api/v1/areas.geojson?level=district")
    zipped = client.get(
        "/api/v1/areas.geojson?level=district", headers={"Accept-Encoding": "gzip, deflate"}
    )
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.data)) == plain.json
    assert len(zipped.data) < len(plain.data) / 3


def test_geojson_rejects_an_unknown_level(client):
    assert client.get("/api/v1/areas.geojson?level=planet").status_code == 422


def test_neighbouring_display_shapes_share_their_edges(client):
    features = client.get("/api/v1/areas.geojson?level=village&parent=36.73").json["features"]
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    assert shapely.coverage_is_valid(shapes)


def test_a_province_parent_selects_every_area_of_the_level_under_it(client):
    regencies = client.get("/api/v1/areas.geojson?level=regency&parent=36").json["features"]
    villages = client.get("/api/v1/areas.geojson?level=village&parent=36").json["features"]
    assert len(regencies) == 8 and len(villages) == 1552
    assert client.get("/api/v1/areas.geojson?level=village&parent=35").json["features"] == []
