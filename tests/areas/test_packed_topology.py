"""The packed topology the map loads: the same topology as TopoJSON, in fewer bytes."""

import gzip

import brotli
import pytest
import shapely

from relief.areas import packed_topology, topology
from relief.areas.revision import current_revision
from tests.areas.test_topojson_api import decode

URL = "/api/v1/areas.topojson?level=village&parent=36.02&detail=display"


def test_packed_body_unpacks_to_the_topojson_integer_for_integer(client):
    topo = client.get(URL).json
    packed = client.get(URL + "&format=packed")
    assert packed.status_code == 200 and packed.mimetype == "application/octet-stream"
    assert packed_topology.unpack(packed.data) == topo
    assert len(packed.data) < 0.5 * len(client.get(URL).data)


def test_province_overview_unpacks_to_the_topojson_of_every_village(client):
    url = "/api/v1/areas.topojson?level=village&parent=36&detail=overview"
    topo = client.get(url).json
    unpacked = packed_topology.unpack(client.get(url + "&format=packed").data)
    assert unpacked == topo
    assert len(decode(unpacked)) == 1552


def test_unpacked_regency_holds_the_display_shapes_within_the_tolerance(client):
    features = client.get("/api/v1/areas.geojson?level=village&parent=36.02").json["features"]
    shapes = decode(packed_topology.unpack(client.get(URL + "&format=packed").data))
    assert set(shapes) == {f["id"] for f in features}
    for feature in features:
        original = shapely.geometry.shape(feature["geometry"])
        assert shapes[feature["id"]].is_valid
        assert shapely.hausdorff_distance(shapes[feature["id"]], original) < 1.5 * 0.0002


def test_pack_round_trips_refs_of_every_kind():
    topo = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [100.0, -7.0]},
        "bbox": [100.0, -7.0, 101.0, -6.0],
        "arcs": [[[5, 7], [1, -2], [-300, 400]], [[0, 0], [70000, -70000]], [[2, 2]], []],
        "objects": {
            "district": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, -2]], "id": "a", "properties": {"name": "Ä"}},
                    {"type": None, "id": "b", "properties": {"name": None}},
                    {
                        "type": "MultiPolygon",
                        "arcs": [[[~0, 1], [2]], [[3, ~2, 0]]],
                        "id": "c",
                        "properties": {"name": "C"},
                    },
                ],
            }
        },
        "notice": "approximate",
    }
    assert packed_topology.unpack(packed_topology.pack(topo)) == topo


def test_pack_refuses_what_it_cannot_hold():
    with pytest.raises(ValueError):
        packed_topology.pack({"type": "Topology", "objects": {}, "arcs": []})
    with pytest.raises(ValueError):
        packed_topology.unpack(b"{}")


def test_packed_topology_is_sent_as_brotli_or_gzip_as_the_client_accepts(client):
    url = URL + "&format=packed"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br" and brotli.decompress(br.data) == plain.data
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(br.data) < len(zipped.data)
    assert "Accept-Encoding" in br.headers["Vary"] and br.headers["ETag"] == plain.headers["ETag"]
    # TopoJSON stays gzip: Brotli is built for the map's packed bodies only
    assert (
        client.get(URL, headers={"Accept-Encoding": "br, gzip"}).headers["Content-Encoding"]
        == "gzip"
    )


def test_packed_body_and_its_brotli_are_read_back_from_the_disk_cache(
    app, client, tmp_path, monkeypatch
):
    url = "/api/v1/areas.topojson?level=village&parent=36.71&detail=overview&format=packed"
    monkeypatch.setitem(app.config, "GEODATA_CACHE_DIR", str(tmp_path))
    app.extensions.pop("relief_geojson_cache", None)
    first = client.get(url, headers={"Accept-Encoding": "br"})
    assert len(list(tmp_path.glob("*/topopacked-*.json.br"))) == 1

    def no_build(*_args, **_kwargs):
        raise AssertionError("built again instead of read from disk")

    monkeypatch.setattr(topology, "topology", no_build)
    monkeypatch.setattr(packed_topology, "pack", no_build)
    app.extensions.pop("relief_geojson_cache", None)  # a new worker: empty memory cache
    second = client.get(url, headers={"Accept-Encoding": "br"})
    assert second.headers["Content-Encoding"] == "br" and second.data == first.data


def test_a_revision_held_in_memory_is_answered_without_reading_the_database(
    app, client, monkeypatch
):
    with app.app_context():
        revision = current_revision()
    first = client.get(f"{URL}&format=packed&rev={revision}")

    def no_read():
        raise AssertionError("the revision was read again")

    monkeypatch.setattr(topology, "current_revision", no_read)
    again = client.get(f"{URL}&format=packed&rev={revision}")
    assert again.status_code == 200 and again.data == first.data
    monkeypatch.undo()
    # An unknown (older) revision gets the current body, never an error.
    other = client.get(f"{URL}&format=packed&rev=0123")
    assert other.status_code == 200 and other.data == first.data


def test_unknown_format_is_refused(client):
    assert client.get(URL + "&format=svg").status_code == 422
