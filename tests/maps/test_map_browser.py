"""The coverage map in headless Chromium: every village drawn, nothing fetched off-origin."""

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from relief.core.code_runs import code_runs
from relief.unit_of_work import commit_write
from tests import factories

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def open_map(browser, live_server, make_user, query: str):
    """Sign in as an Ombudsman assistant and open the map with every off-origin request blocked;
    returns the page and the lists of blocked URLs, geometry requests and console errors."""
    _, username, password = make_user("ombudsman")
    origin = urlsplit(live_server).netloc
    off_origin, geometry_requests, errors = [], [], []

    def guard(route):
        url = urlsplit(route.request.url)
        if url.netloc != origin:
            off_origin.append(route.request.url)
            return route.abort()
        if url.path == "/api/v1/areas.topojson":
            query = parse_qsl(url.query)  # the revision token aside (tests/maps/test_routes.py)
            geometry_requests.append(urlencode([(k, v) for k, v in query if k != "rev"]))
        return route.continue_()

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.route("**/*", guard)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    page.goto(f"{live_server}/coverage/map{query}")
    return page, off_origin, geometry_requests, errors


FEWEST_VERTICES = """() => {
    var fewest = Infinity;
    window.reliefMap.villages.eachLayer(function (layer) {
        fewest = Math.min(fewest, layer.getLatLngs().flat(3).length);
    });
    return fewest;
}"""


def test_map_draws_every_village_in_view_without_leaving_the_origin(
    live_server, browser, make_user, lebak_villages, assess, delivered_shipment
):
    worst = lebak_villages[:3]
    for code, _name, _lat, _lon in worst:
        assess(code, severity=5)
    assess(lebak_villages[3][0], severity=2)
    code, _name, lat, lon = worst[0]
    delivered_shipment(code, lat, lon)
    page, off_origin, geometry_requests, errors = open_map(
        browser, live_server, make_user, "?regency=36.02&as_of=2020-01-10"
    )
    drawn = page.evaluate("() => window.reliefMap.ready")
    expected = page.evaluate("() => window.reliefMap.expected")
    zoom = page.evaluate("() => window.reliefMap.map.getZoom()")
    # One regency fills the map at zoom 10: its first view is its display detail.
    served = page.evaluate("() => window.reliefMap.villages.getLayers().length")
    outlined = page.evaluate("() => window.reliefMap.worst.getLayers().length")
    detailed = page.evaluate("() => window.reliefMap.detailed")
    detail_fewest = page.evaluate(FEWEST_VERTICES)
    page.evaluate("() => { window.reliefMap.map.panBy([40, 40]); }")  # asks for nothing
    page.wait_for_timeout(300)
    page_pending = page.evaluate("() => window.reliefMap.pending()")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coverage_map.png"))
    page.close()

    assert drawn == served == expected == len(lebak_villages)
    assert outlined == len(worst)
    assert zoom >= 10 and detailed == ["36.02"]
    # Zones and borders are merged from that topology: no request of their own, and the
    # regency's detail is not fetched a second time.
    assert geometry_requests == ["level=village&parent=36.02&detail=display&format=packed"]
    assert page_pending == 0
    assert detail_fewest >= 3  # every village drawn as an area
    assert off_origin == []
    assert errors == []


def test_province_view_draws_all_villages_from_one_overview_request(
    live_server, browser, make_user, map_event
):
    page, off_origin, geometry_requests, errors = open_map(browser, live_server, make_user, "")
    drawn = page.evaluate("() => window.reliefMap.ready")
    expected = page.evaluate("() => window.reliefMap.expected")
    zoom = page.evaluate("() => window.reliefMap.map.getZoom()")
    page.evaluate("() => window.reliefMap.shapes")
    zones = page.evaluate(
        "() => [window.reliefMap.zones.regency.getLayers().length, "
        "window.reliefMap.zones.district.getLayers().length]"
    )
    page.fill(".map-search input", "Banjarsari")
    found = page.locator(".map-search li button").all_inner_texts()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coverage_map_province.png"))
    # Zooming into one spot fetches display detail only for the regencies with villages there.
    page.evaluate("() => { window.reliefMap.map.setView([-6.12, 106.15], 13); }")
    page.wait_for_function(
        "() => window.reliefMap.detailed.length > 0 && window.reliefMap.pending() === 0"
    )
    detailed = page.evaluate("() => window.reliefMap.detailed")
    served = page.evaluate("() => window.reliefMap.villages.getLayers().length")
    page.close()

    assert drawn == served == expected == 1552
    assert zoom < 10
    assert zones[0] == 8 and zones[1] > 100  # Banten's regencies and districts, merged
    assert any(text.startswith("Banjarsari · 36.") for text in found)
    assert geometry_requests[0] == "level=village&parent=36&detail=overview&format=packed"
    # Detail requests go out together and finish in any order.
    assert sorted(geometry_requests[1:]) == sorted(
        f"level=village&parent={r}&detail=display&format=packed" for r in detailed
    )
    assert 1 <= len(detailed) <= 2  # Kota Serang (36.73), perhaps Kabupaten Serang beside it
    assert off_origin == []
    assert errors == []


DEPOT_TOOLTIPS = """() => {
    var texts = [];
    window.reliefMap.depots.eachLayer(function (layer) {
        layer.openTooltip();
        texts.push(layer.getTooltip().getElement().textContent);
    });
    return texts;
}"""


def test_a_depot_name_with_template_code_and_markup_shows_as_plain_text(
    live_server, browser, make_user, app, map_event
):
    nasty = "{{ 7*7 }} <script>"
    with app.app_context():
        factories.depot(nasty, lat=-6.36, lon=106.25)
        commit_write()
    page, off_origin, _, errors = open_map(browser, live_server, make_user, "?regency=36.02")
    page.evaluate("() => window.reliefMap.ready")
    tooltips = page.evaluate(DEPOT_TOOLTIPS)
    scripts = page.evaluate("() => document.querySelectorAll('.leaflet-pane script').length")
    page.close()

    assert tooltips == [f"{nasty} (gudang)"]
    assert scripts == 0
    assert off_origin == [] and errors == []


SAME_TOPOLOGY = """async (query) => {
    function canonical(value) {  // JSON with sorted keys: key order is not the topology
        if (Array.isArray(value)) { return "[" + value.map(canonical).join(",") + "]"; }
        if (value && typeof value === "object") {
            return "{" + Object.keys(value).sort().map(function (k) {
                return JSON.stringify(k) + ":" + canonical(value[k]);
            }).join(",") + "}";
        }
        return JSON.stringify(value);
    }
    var url = "/api/v1/areas.topojson?" + query;
    var packed = await (await fetch(url + "&format=packed")).arrayBuffer();
    var json = await (await fetch(url)).json();
    var unpacked = ReliefMap.unpackTopology(packed);
    return [canonical(unpacked) === canonical(json), unpacked.arcs.length,
            unpacked.objects.village.geometries.length];
}"""


def test_the_browser_unpacks_the_packed_topology_to_the_topojson(
    live_server, browser, make_user, map_event
):
    page, off_origin, _, errors = open_map(browser, live_server, make_user, "?regency=36.02")
    page.evaluate("() => window.reliefMap.ready")
    regency = page.evaluate(SAME_TOPOLOGY, "level=village&parent=36.02&detail=display")
    province = page.evaluate(SAME_TOPOLOGY, "level=village&parent=36&detail=overview")
    codes = ["36.02.25.2001", "36.02.25.2002", "36.02.25.2004", "a.0999", "a.1000", "a.10000", "b"]
    expanded = page.evaluate("(runs) => ReliefMap.expandCodes(runs)", code_runs(codes))
    page.close()

    assert expanded == codes  # the page's village columns use the same runs

    assert regency[0] is True and regency[1] > 300 and regency[2] == 345
    assert province[0] is True and province[2] == 1552
    assert off_origin == [] and errors == []
