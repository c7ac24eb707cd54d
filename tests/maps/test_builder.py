"""The Folium map as rendered: local assets only, geometry fetched, colour in a lookup."""

import re
from datetime import date

from relief.maps import styling
from relief.maps.builder import MapView, build_map, legend_html, map_parts

LABELS = {
    key: key
    for key in (
        "worst_layer",
        "depots_layer",
        "deliveries_layer",
        "not_assessed",
        "no_need",
        "severity",
        "displaced",
        "affected",
        "commodity",
        "need",
        "delivered",
        "coverage",
        "open_village",
        "load_failed",
        "regency_zones",
        "district_zones",
        "borders",
        "village_names",
        "villages_red",
        "worst_village",
        "sum_over_sum",
        "search",
        "search_none",
        "band",
        "zone_rule",
    )
}
LABELS["modes"] = ["Terlemah"]
LABELS["bands"] = ["Merah", "Kuning", "Hijau"]


def _parts(**overrides) -> dict:
    rows = [
        {
            "code": "36.02.25.2004",
            "name": "Banjarsari",
            "commodity": "rice",
            "need": 100,
            "delivered": 20,
            "coverage": 0.2,
            "severity": 5,
            "displaced": 250,
            "affected": 400,
        }
    ]
    view = MapView(
        as_of=date(2020, 1, 10),
        villages=styling.village_figures(rows, ["rice"]),
        commodities=[("rice", "Beras", "kg")],
        geometry={
            "overview": "/api/v1/areas.topojson?level=village&parent=36.02&detail=overview",
            "detail": "/api/v1/areas.topojson?level=village&parent=__region__",
            "detail_zoom": 10,
        },
        expected=345,
        bounds=(-7.0, 105.9, -6.3, 106.5),
        village_url="/villages/__code__",
        labels=LABELS,
        depots=[(-6.36, 106.25, "Gudang <b>BPBD</b>", "gudang")],
        deliveries=[(-6.6, 106.2, "SJ-1 · Banjarsari")],
    )
    for key, value in overrides.items():
        setattr(view, key, value)
    return map_parts(build_map(view, lambda path: f"/static/{path}"))


def test_rendered_map_references_only_the_apps_own_static_files():
    parts = _parts()
    page = "".join(parts.values())
    assert re.findall(r"(?:src|href)=\"([^\"]+)\"", page) == [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/js/coverage_map.js",
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
    ]
    assert "://" not in page.replace("http://www.w3.org", "")


def test_polygons_are_fetched_not_inlined_and_styled_without_a_per_feature_switch():
    script = str(_parts()["script"]).replace("\\u0026", "&")
    assert "/api/v1/areas.topojson?level=village&parent=36.02&detail=overview" in script
    assert "/api/v1/areas.topojson?level=village&parent=__region__" in script
    assert '"detail_zoom": 10' in script
    assert '"arcs"' not in script and '"coordinates"' not in script  # no inlined geometry
    assert "switch" not in script
    assert "preferCanvas" in script


def test_tiles_are_off_by_default_and_added_from_the_setting():
    assert "L.tileLayer" not in _parts()["script"]
    tiled = _parts(tile_url="/tiles/{z}/{x}/{y}.png")["script"]
    assert "L.tileLayer" in tiled and "/tiles/{z}/{x}/{y}.png" in tiled


def test_depot_names_are_escaped_in_tooltips():
    script = _parts()["script"]
    assert "Gudang <b>" not in script
    assert "Gudang \\u003cb\\u003eBPBD" in script  # JSON data; ReliefMap.depots escapes it


NASTY = "{{ 7*7 }} <script>"


def test_user_text_is_never_evaluated_as_template_code_nor_left_as_markup():
    parts = _parts(
        depots=[(-6.36, 106.25, NASTY, "gudang")],
        deliveries=[(-6.6, 106.2, f"SJ-1 · {NASTY}")],
        commodities=[("rice", NASTY, "kg")],
        area_names={"36.02": NASTY},
        villages=styling.village_figures(
            [
                {
                    "code": "36.02.25.2004",
                    "name": NASTY,
                    "commodity": "rice",
                    "need": 100,
                    "delivered": 20,
                    "coverage": 0.2,
                    "severity": 5,
                    "displaced": 250,
                    "affected": 400,
                }
            ],
            ["rice"],
        ),
    )
    page = "".join(parts.values())
    # depot, delivery label, commodity (layer control and popups) and zone names: each
    # reaches the page as JSON text, unevaluated ("49") and with no markup left in it; village
    # names are not in the page at all (the topology the map loads carries them)
    assert page.count("{{ 7*7 }} \\u003cscript\\u003e") == 6
    # (evaluated, the text would read "49 <script>"; element ids are random hex, so "49 "
    # alone may stand in one of them)
    assert "49 \\u003cscript" not in page and "49 <script" not in page
    assert "<script>" not in page


def test_legend_lists_every_coverage_class_and_the_worst_hit_outline():
    from markupsafe import escape

    html = legend_html(LABELS, "Terlemah")
    for _key, _lower, colour, label in styling.COVERAGE_CLASSES:
        assert colour in html and str(escape(label)) in html
    assert 'class="outline"' in html and "worst_layer" in html


def test_elements_are_numbered_so_the_same_view_renders_the_same_page():
    first, second = _parts(), _parts()
    assert first == second  # Folium alone names every element by 32 random hex digits
    page = "".join(first.values())
    assert not re.search(r"_[0-9a-f]{32}", page)
    declared = re.findall(r"\bvar (\w+) =", str(first["script"]))
    assert len(declared) == len(set(declared)) > 5  # each JS variable declared once
    assert 'id="map_0"' in page and 'L.map("map_0"' in page
    # the layer control and the village layer name the groups the page declares
    assert all(name in declared for name in re.findall(r"feature_group_\d+", page))
