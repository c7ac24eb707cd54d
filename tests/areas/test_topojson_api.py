"""`/api/v1/areas.topojson`: the map's compact geometry (shared arcs, quantized, cached)."""

import gzip
from collections import Counter

import pytest
import shapely

from relief.areas import topology


def decode(topo: dict) -> dict[str, shapely.Geometry]:
    """A minimal TopoJSON decoder (delta-encoded quantized arcs): code -> shape."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        return points

    shapes = {}
    for geometry in next(iter(topo["objects"].values()))["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        shapes[geometry["id"]] = shapely.MultiPolygon(
            [shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polygons]
        )
    return shapes


@pytest.fixture
def lebak(client):
    """GeoJSON display shapes of Kabupaten Lebak: code -> (name, shape)."""
    features = client.get("/api/v1/areas.geojson?level=village&parent=36.02").json["features"]
    return {
        f["id"]: (f["properties"]["name"], shapely.geometry.shape(f["geometry"])) for f in features
    }


def test_display_detail_holds_the_geojson_shapes_with_names(client, lebak):
    response = client.get("/api/v1/areas.topojson?level=village&parent=36.02")
    assert response.status_code == 200 and response.mimetype == "application/json"
    topo = response.json
    geometries = topo["objects"]["village"]["geometries"]
    assert {g["id"]: g["properties"]["name"] for g in geometries} == {
        code: name for code, (name, _shape) in lebak.items()
    }
    assert "flask geodata import" in topo["notice"]  # approximate shapes say so
    tolerance = 0.0002  # GEODATA_DISPLAY_TOLERANCE: the grid is half of it
    for code, shape in decode(topo).items():
        original = lebak[code][1]
        assert shape.is_valid
        assert shapely.hausdorff_distance(shape, original) < 1.5 * tolerance
        assert abs(shape.area - original.area) < 0.01 * original.area + original.length * 1e-4


def test_shared_borders_are_stored_once(client, lebak):
    topo = client.get("/api/v1/areas.topojson?level=village&parent=36.02").json
    uses = Counter()
    for geometry in topo["objects"]["village"]["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            for ring in polygon:
                uses.update(i if i >= 0 else ~i for i in ring)
    assert set(uses) == set(range(len(topo["arcs"])))
    assert max(uses.values()) == 2  # an arc borders at most two villages
    shared = sum(1 for n in uses.values() if n == 2)
    assert shared > 0.6 * len(uses)  # most arcs run between two neighbours
    assert all(isinstance(v, int) for arc in topo["arcs"] for point in arc for v in point)


def test_overview_is_smaller_keeps_every_village_and_stays_within_its_tolerance(client, lebak):
    display = client.get("/api/v1/areas.topojson?level=village&parent=36.02")
    overview = client.get("/api/v1/areas.topojson?level=village&parent=36.02&detail=overview")
    assert len(overview.data) < len(display.data)
    shapes = decode(overview.json)
    assert set(shapes) == set(lebak)
    for code, shape in shapes.items():
        assert shape.area > 0
        assert shapely.hausdorff_distance(shape, lebak[code][1]) < 1.5 * 0.002


def test_province_parent_serves_every_village_of_the_province(client):
    topo = client.get("/api/v1/areas.topojson?level=village&parent=36&detail=overview").json
    assert len(topo["objects"]["village"]["geometries"]) == 1552


def test_topojson_has_an_etag_and_gzip(client):
    url = "/api/v1/areas.topojson?level=district&parent=36.01"
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    again = client.get(url, headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_unknown_detail_is_refused(client):
    assert client.get("/api/v1/areas.topojson?detail=finest").status_code == 422


def test_built_topology_is_read_back_from_the_disk_cache(app, client, tmp_path, monkeypatch):
    url = "/api/v1/areas.topojson?level=village&parent=36.71&detail=overview"
    monkeypatch.setitem(app.config, "GEODATA_CACHE_DIR", str(tmp_path))
    app.extensions.pop("relief_geojson_cache", None)
    first = client.get(url)
    assert len(list(tmp_path.glob("*/topojson-*.json.gz"))) == 1

    def no_build(*_args, **_kwargs):
        raise AssertionError("built again instead of read from disk")

    monkeypatch.setattr(topology, "topology", no_build)
    app.extensions.pop("relief_geojson_cache", None)  # a new worker: empty memory cache
    second = client.get(url)
    assert second.status_code == 200 and second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
