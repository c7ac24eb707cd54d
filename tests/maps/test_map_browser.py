"""The coverage map in headless Chromium: every village drawn, nothing fetched off-origin."""

import json
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_server(app):
    """The app served on a free local port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    """Headless Debian Chromium; skips without it unless CI is set."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing at /usr/bin/chromium (CI must run browser tests)")
        pytest.skip("install Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def square_features(villages) -> dict:
    """Small squares around each village's interior point, standing in for display geometry."""
    features = []
    for code, name, lat, lon in villages:
        d = 0.004
        ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d],
                [lon - d, lat - d]]
        features.append({"type": "Feature", "id": code, "properties": {"code": code, "name": name},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def test_map_draws_every_village_in_view_without_leaving_the_origin(
    live_server, browser, make_user, lebak_villages, assess, delivered_shipment
):
    worst = lebak_villages[:3]
    for code, _name, _lat, _lon in worst:
        assess(code, severity=5)
    assess(lebak_villages[3][0], severity=2)
    code, _name, lat, lon = worst[0]
    delivered_shipment(code, lat, lon)
    _, username, password = make_user("ombudsman")
    origin = urlsplit(live_server).netloc
    off_origin, geometry_requests = [], []

    def guard(route):
        url = urlsplit(route.request.url)
        if url.netloc != origin:
            off_origin.append(route.request.url)
            return route.abort()
        if url.path == "/api/v1/areas.geojson":
            geometry_requests.append(url.query)
            return route.fulfill(status=200, content_type="application/geo+json",
                                 body=json.dumps(square_features(lebak_villages)))
        return route.continue_()

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.route("**/*", guard)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    page.goto(f"{live_server}/coverage/map?regency=36.02&as_of=2020-01-10")
    drawn = page.evaluate("() => window.reliefMap.ready")
    outlined = page.evaluate("() => window.reliefMap.worst.getLayers().length")
    expected = page.evaluate("() => window.reliefMap.expected")
    served = page.evaluate("() => window.reliefMap.villages.getLayers().length")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coverage_map.png"))
    page.close()

    assert drawn == served == expected == len(lebak_villages)
    assert outlined == len(worst)
    assert geometry_requests == ["level=village&parent=36.02"]
    assert off_origin == []
    assert errors == []
