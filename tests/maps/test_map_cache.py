"""The coverage map's data is built once per event, date and region, and built again as soon
as a write about a village in that region commits; writes elsewhere leave it alone.

Writes go through the API (so the services note the villages they touch)."""

import json
import re
from datetime import datetime, timedelta

import pytest

from relief.core import cache
from relief.core.clock import WIB
from relief.core.code_runs import expand
from relief.maps import view
from tests.logistics.conftest import (  # noqa: F401 - fixtures
    VILLAGE,
    fast_password_hashing,
    logistics_headers,
    scenario,
    shipment_body,
)
from tests.public.test_page_cache import _deliver

RICE = [{"commodity": "rice", "quantity": 20, "unit": "sack25"}]  # 500 kg
# The API records a delivery now: the map is asked about today in Banten (a date past the
# event's emergency period still counts what was delivered by then, and is still kept).
LATER = datetime.now(WIB).date().isoformat()


@pytest.fixture
def map_cache(app, monkeypatch):
    """The session app with the map data cache on (the testing config keeps it off)."""
    monkeypatch.setitem(app.config, "MAP_DATA_CACHE", True)
    with app.app_context():
        cache.pages.clear()
    yield app
    with app.app_context():
        cache.pages.clear()


@pytest.fixture
def builds(monkeypatch):
    """The regions whose coverage the map read from the database, in order."""
    seen = []
    real = view.coverage_rows

    def counting(event_id, moment, region):
        seen.append(region)
        return real(event_id, moment, region)

    monkeypatch.setattr(view, "coverage_rows", counting)
    return seen


def _delivered_rice(client, regency: str | None, as_of: str = LATER) -> float | None:
    """The rice delivered to VILLAGE as the map page carries it (None: not in the page)."""
    query = f"?as_of={as_of}" + (f"&regency={regency}" if regency else "")
    page = client.get(f"/coverage/map{query}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    start = text.index("{", text.index("ReliefMap.villageLayer("))
    config, _end = json.JSONDecoder().raw_decode(text[start:])
    villages = config["villages"]  # columns (relief.maps.styling.lookup)
    codes = expand(villages["code_runs"])
    if VILLAGE not in codes:
        return None
    at = codes.index(VILLAGE)
    rice = [c["code"] for c in config["commodities"]].index("rice")
    return villages["figures"][rice][1][at]


def test_the_map_is_built_once_then_again_after_a_delivery_there(
    map_cache, client, login_as, builds, scenario, shipment_body, logistics_headers
):
    login_as("ombudsman")
    assert _delivered_rice(client, "36.02") is None
    assert _delivered_rice(client, "36.02") is None
    assert builds == ["36.02"]  # the second view read nothing but the cache
    _deliver(map_cache.test_client(), logistics_headers, shipment_body(items=RICE))
    assert _delivered_rice(client, "36.02") == 500.0
    assert _delivered_rice(client, None) == 500.0  # the province's view is renewed too
    assert builds == ["36.02", "36.02", "36"]


def test_a_delivery_elsewhere_leaves_another_regency_cached(
    map_cache, client, login_as, builds, scenario, shipment_body, logistics_headers
):
    login_as("ombudsman")
    _delivered_rice(client, "36.03")
    _delivered_rice(client, "36.02")
    _deliver(
        map_cache.test_client(), logistics_headers, shipment_body(items=RICE)
    )  # to Lebak (36.02)
    _delivered_rice(client, "36.03")
    assert _delivered_rice(client, "36.02") == 500.0
    assert builds == ["36.03", "36.02", "36.02"]  # Kabupaten Tangerang's was kept


def test_each_date_and_event_is_its_own_entry_and_off_means_built_every_time(
    app, map_cache, client, login_as, builds, scenario, shipment_body, logistics_headers
):
    login_as("ombudsman")
    _deliver(map_cache.test_client(), logistics_headers, shipment_body(items=RICE))
    assert _delivered_rice(client, "36.02") == 500.0
    assert _delivered_rice(client, "36.02", "2020-01-10") is None  # before the delivery
    assert _delivered_rice(client, "36.02") == 500.0
    assert builds == ["36.02", "36.02"]
    app.config["MAP_DATA_CACHE"] = False
    _delivered_rice(client, "36.02")
    assert builds == ["36.02", "36.02", "36.02"]


def test_renew_gives_a_villages_regency_and_province_new_tokens(map_cache):
    with map_cache.app_context():
        cache.renew({"36.02.25.2003"})
        before = cache._versions().get_many("v:36", "v:36.02", "v:36.03")
        cache.renew({"36.02.25.2003"})
        after = cache._versions().get_many("v:36", "v:36.02", "v:36.03")
    assert None not in before[:2]
    assert after[0] != before[0] and after[1] != before[1]
    assert after[2] == before[2]  # another regency's token is untouched


def test_the_rendered_map_is_kept_per_language_and_renewed_with_its_data(
    map_cache, client, login_as, monkeypatch, scenario, shipment_body, logistics_headers
):
    rendered = []
    real = view.build_map

    def counting(map_view, static_url):
        rendered.append(map_view.locale)
        return real(map_view, static_url)

    monkeypatch.setattr(view, "build_map", counting)
    login_as("ombudsman")
    first = client.get(f"/coverage/map?regency=36.02&as_of={LATER}").get_data(as_text=True)
    again = client.get(f"/coverage/map?regency=36.02&as_of={LATER}").get_data(as_text=True)
    assert rendered == ["id"]
    # The same map, its element ids too; only the page's own per-request nonce differs, and
    # the CSRF tokens of its forms, which carry the second they were signed in.
    nonce = re.compile(r'nonce="[^"]+"')
    assert nonce.findall(first) != nonce.findall(again)
    per_request = re.compile(r'nonce="[^"]+"|name="csrf_token" value="[^"]+"')
    assert per_request.sub("", first) == per_request.sub("", again)
    client.get(f"/coverage/map?regency=36.02&as_of={LATER}&lang=en")
    assert rendered == ["id", "en"]
    _deliver(map_cache.test_client(), logistics_headers, shipment_body(items=RICE))
    assert _delivered_rice(client, "36.02") == 500.0  # still English: the session keeps it
    assert rendered == ["id", "en", "en"]


def test_a_date_beyond_today_is_built_each_time_and_never_stored(
    map_cache, client, login_as, builds, scenario
):
    """Only the event's days up to today are kept: a crawl through far dates cannot fill the
    cache."""
    login_as("ombudsman")
    far = (datetime.now(WIB).date() + timedelta(days=400)).isoformat()
    _delivered_rice(client, "36.02", far)
    _delivered_rice(client, "36.02", far)
    _delivered_rice(client, "36.02", "2019-06-01")  # before the event began
    _delivered_rice(client, "36.02", "2019-06-01")
    assert builds == ["36.02"] * 4
