"""The map's TopoJSON is built when boundaries are imported, so that requests only read it."""

from relief.areas import topology
from relief.areas.boundary_import import import_boundaries
from relief.extensions import db


def test_map_regions_are_the_province_and_its_regencies(app_ctx):
    provinces, regencies = topology.map_regions()
    assert provinces == ["36"]
    assert len(regencies) == 8 and "36.02" in regencies


def test_requests_after_the_build_read_what_it_stored(app, client, tmp_path, monkeypatch):
    """Built once (as the import does), then served from disk by a process that has nothing
    in memory, without building anything."""
    monkeypatch.setitem(app.config, "GEODATA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(topology, "map_regions", lambda: ([], ["36.02"]))
    with app.app_context():
        report = topology.build_display_topologies()
    assert report["bodies"] == 1 and report["regencies"] == 1  # a regency: display detail
    app.extensions.pop("relief_geojson_cache", None)  # a new worker: only the disk is left

    built = []
    real = topology.topology

    def counting(level, parent, *args):
        built.append(parent)
        return real(level, parent, *args)

    monkeypatch.setattr(topology, "topology", counting)
    answer = client.get("/api/v1/areas.topojson?level=village&parent=36.02&detail=display")
    assert answer.status_code == 200
    assert len(answer.json["objects"]["village"]["geometries"]) > 300
    assert built == []
    # The map never asks for a regency's overview; the API still builds it when asked.
    client.get("/api/v1/areas.topojson?level=village&parent=36.02&detail=overview")
    assert built == ["36.02"]  # what no build prepared is still built (and then kept)


def test_an_import_builds_the_topologies_when_configured(app, golden, restore_areas, monkeypatch):
    monkeypatch.setitem(app.config, "GEODATA_BUILD_ON_IMPORT", True)
    monkeypatch.setattr(topology, "map_regions", lambda: ([], ["36.01"]))
    with app.app_context():
        report = import_boundaries(golden("geojson"), level="village")
        assert report["topologies"]["bodies"] == 1
        db.session.rollback()
