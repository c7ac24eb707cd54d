"""Issue 19 in headless Chromium at 360 px, one test per group: language, alerts, phone
layout, residents, dashboards. Runs over the demo scenario (loaded once for the module)."""

import re

import pytest
from sqlalchemy import select

from relief.extensions import db
from tests.core.demo_pages import DEMO_PASSWORD, loaded_demo

PHONE = {"width": 360, "height": 780}
LONG_LINK = "https://contoh.example.org/" + "bantuan-tidak-sampai" * 15


@pytest.fixture(scope="module")
def demo(app):
    """The demo scenario, loaded once for the module (emptied afterwards)."""
    yield from loaded_demo(app)


@pytest.fixture(autouse=True)
def _clean_tables():
    """Keep the module's demo between its tests (the suite-wide cleaner would empty it)."""
    yield


@pytest.fixture
def phone(browser, live_server):
    """Factory: a 360 px page, signed in as a demo account (or not)."""
    contexts = []

    def open_page(username: str | None = None, javascript: bool = True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto(f"{live_server}/login")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("form button.primary")
            page.wait_for_url(lambda url: "/login" not in url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _choose_event(page, event_id: int) -> None:
    page.select_option(".event-picker select", str(event_id))
    page.locator(".event-picker button").click()
    page.wait_for_load_state()


def test_language_actors_and_units_read_as_people_say_them(phone, live_server, demo):
    page = phone("ombudsman")
    page.goto(f"{live_server}/alerts/{demo['alert']}")
    history = page.locator("ol.timeline").inner_text()
    assert "Sistem (pemeriksaan otomatis)" in history and "(petugas logistik)" in history
    assert "sistem (sistem)" not in history and "(logistics)" not in history
    page.goto(f"{live_server}/reports/{demo['report']}")
    steps = page.locator("ol.timeline").inner_text()
    assert "Warga (pelapor) · mengirim pengaduan" in steps
    assert "public" not in steps and "create" not in steps
    assert "lewat formulir situs" in page.locator("main").inner_text()
    # A village popup on the map: units as people read them in both figures.
    page.goto(f"{live_server}/coverage/map?regency=36.02")
    page.wait_for_function(
        "() => window.reliefMap && window.reliefMap.villages.getLayers().length > 0"
    )
    popup = page.evaluate(
        """(code) => {
        var chosen = null;
        window.reliefMap.villages.eachLayer(function (layer) {
            if (chosen === null && layer.feature.properties &&
                String(layer.feature.properties.code || layer.feature.id) === code) {
                chosen = layer; }
        });
        chosen.openPopup();
        return chosen.getPopup().getElement().innerText;
    }""",
        demo["village"],
    )
    assert re.search(r"Pakaian\s+[\d.,]+ stel\s+[\d.,]+ stel", popup), popup
    assert " kit" not in popup and " set" not in popup
    page.goto(f"{live_server}/coverage/map?as_of=2020-13-45")
    assert "Bukan tanggal yang sah" in page.locator("main").inner_text()
    assert "Not a valid" not in page.content()
    assert page.locator("header .who").text_content().endswith("(asisten Ombudsman)")


def test_alerts_linking_a_complaint_offers_the_village_open_alerts(phone, live_server, demo, app):
    from relief.alerts.models import ACTIVE_STATES, Alert
    from relief.complaints.models import ResidentReport

    with app.app_context():
        report = db.session.get(ResidentReport, demo["report"])
        expected = set(
            db.session.scalars(
                select(Alert.id).where(
                    Alert.village_code == report.village_code,
                    Alert.event_id == report.event_id,
                    Alert.state.in_(ACTIVE_STATES),
                )
            )
        )
        db.session.remove()
    assert expected
    page = phone("ombudsman")
    page.goto(f"{live_server}/reports/{demo['report']}")
    select_box = page.locator("select[name=alert_id]")
    offered = {
        int(v)
        for v in select_box.locator("option").evaluate_all("options => options.map(o => o.value)")
        if v != "0"
    }
    assert offered == expected
    chosen = sorted(expected)[0]
    assert f"#{chosen} " in select_box.locator(f"option[value='{chosen}']").inner_text()
    select_box.select_option(str(chosen))
    page.get_by_role("button", name="Tautkan ke peringatan").click()
    page.wait_for_load_state()
    assert "Laporan diperbarui." in page.locator(".flash").inner_text()
    assert f"#{chosen}" in page.locator("main").inner_text()
    assert page.locator("input[name=alert_id]").count() == 0  # no number to type


def test_phone_layout_key_columns_filters_long_text_bast_and_buttons(phone, live_server, demo, app):
    page = phone("ombudsman")
    for url in (
        "/alerts",
        f"/shipments/{demo['shipment']}",
        f"/villages/{demo['village']}",
        "/coverage/regencies",
    ):
        page.goto(live_server + url)
        assert _page_width(page) <= PHONE["width"], url
    page.goto(f"{live_server}/alerts")
    first = page.locator("table.alert-queue tbody tr").first
    key = first.locator("td.key")
    assert key.is_visible() and key.locator(".badge").first.is_visible()  # level beside it
    assert key.bounding_box()["x"] + key.bounding_box()["width"] <= PHONE["width"]
    assert not page.locator("table.alert-queue thead").is_visible()
    page.goto(f"{live_server}/shipments/{demo['shipment']}")
    received = page.locator("table.bast-result td[data-label='Diterima']").first
    assert received.is_visible() and received.bounding_box()["x"] < PHONE["width"]

    # Shipment filters: folded on a phone, work without JavaScript, take names.
    bare = phone("logistik", javascript=False)
    bare.goto(f"{live_server}/shipments?all_areas=true")
    district = bare.locator("input[name=district]")
    assert not district.is_visible()
    bare.locator("details.filter-box > summary").click()
    district.fill("Lebakgedong")
    bare.locator("details.filter-box button.primary").click()
    bare.wait_for_url(re.compile(r"district=Lebakgedong"))
    rows = bare.locator("table.shipments tbody tr")
    assert rows.count() > 0
    codes = rows.locator("td:nth-child(2) small").all_inner_texts()
    assert codes and all(code.startswith("36.02.25.") for code in codes), codes

    # A pasted link in a complaint never widens the Ombudsman's page.
    resident = phone()
    resident.goto(f"{live_server}/lapor?desa=36.02.25.2003")
    resident.locator("input[name=category]").first.check()
    resident.fill("textarea[name=text]", f"Bantuan tidak sampai, lihat {LONG_LINK}")
    resident.get_by_role("button", name="Kirim laporan").click()
    resident.wait_for_url(re.compile(r"/lapor/[A-Z0-9]{5}-[A-Z0-9]{5}"))
    assert _page_width(resident) <= PHONE["width"]
    code = resident.url.split("/lapor/")[1].split("?")[0]
    from relief.complaints.models import ResidentReport

    with app.app_context():
        report_id = db.session.scalar(
            select(ResidentReport.id).where(ResidentReport.tracking_code == code)
        )
        db.session.remove()
    page.goto(f"{live_server}/reports/{report_id}")
    assert LONG_LINK in page.locator("main").inner_text()
    assert _page_width(page) <= PHONE["width"]

    # Coverage downloads are buttons (not grid cells that look like empty inputs).
    page.goto(f"{live_server}/coverage/regencies")
    csv = page.locator(".downloads a.button", has_text="CSV").first
    box = csv.bounding_box()
    assert 40 <= box["height"] <= 60 and box["width"] < 120
    assert csv.evaluate("a => a.closest('form') === null")  # not a cell of the filter grid
    assert csv.evaluate("a => getComputedStyle(a).borderRadius") != "0px"


def test_phone_bast_reason_error_sits_under_the_reason_field(phone, live_server, demo, app):
    shipment_id = _dispatched_live_shipment(app)
    page = phone("logistik")
    page.goto(f"{live_server}/shipments/{shipment_id}")
    form = page.locator("form:has(fieldset.bast-row)")
    form.locator("input[name=received_by]").fill("Pak Kades")
    form.locator("input[name='items-0-rejected']").fill("1")
    form.locator("button.primary").click()
    page.wait_for_load_state()
    message = page.locator(
        "fieldset.bast-row .error", has_text="Alasan penolakan wajib diisi"
    ).first
    reason = page.locator("#items-0-reason").bounding_box()
    accepted = page.locator("#items-0-accepted").bounding_box()
    below = message.bounding_box()
    assert below["y"] > reason["y"] > accepted["y"]
    assert _page_width(page) <= PHONE["width"]


def _dispatched_live_shipment(app) -> int:
    """A dispatched shipment of the live exercise (writable), from the logistik account."""
    from relief.auth.models import User
    from relief.events.models import Event
    from relief.logistics import services
    from relief.logistics.models import Depot
    from relief.logistics.schemas import ShipmentCreateSchema
    from relief.unit_of_work import commit_write

    with app.test_request_context("/"):
        user = db.session.scalar(select(User).where(User.username == "logistik"))
        event = db.session.scalar(
            select(Event).where(Event.scenario_at.is_(None)).order_by(Event.started_on.desc())
        )
        depot = db.session.scalar(
            select(Depot).where(Depot.organisation_id == user.organisation_id).order_by(Depot.id)
        )
        body = ShipmentCreateSchema().load(
            {
                "event_id": event.id,
                "origin_depot_id": depot.id,
                "destination_code": "36.02.25.2003",
                "items": [{"commodity": "rice", "quantity": 10, "unit": "sack25"}],
            }
        )
        shipment = services.create_shipment(body, user)
        services.dispatch_shipment(shipment, shipment.version, None, user)
        commit_write()
        shipment_id = shipment.id
        db.session.remove()
    return shipment_id


def test_residents_retry_a_code_retype_a_village_keep_text_and_see_deadline(
    phone, live_server, demo
):
    page = phone()
    page.goto(f"{live_server}/lapor/ZZZZZ-ZZZZZ")
    assert "Kode laporan tidak ditemukan" in page.locator("h1").inner_text()
    page.fill("input[name=kode]", demo["tracking"].lower().replace("-", ""))
    page.get_by_role("button", name="Cek laporan").click()
    page.wait_for_url(f"{live_server}/lapor/{demo['tracking']}")

    text = "Beras belum sampai ke RT 03 sejak banjir hari Senin."
    page.goto(f"{live_server}/lapor")
    page.fill("input[name=village]", "Banjarsari")
    page.locator("input[name=category]").first.check()
    page.fill("textarea[name=text]", text)
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_load_state()
    assert page.locator("input[type=radio][name=village]").count() > 1  # candidates
    page.fill("input[name=village_again]", "Lebakgedong")
    page.get_by_role("button", name="Cari lagi").click()
    page.wait_for_load_state()
    assert "Lebakgedong" in page.locator("form").inner_text()
    assert page.locator("textarea[name=text]").input_value() == text

    page.get_by_role("link", name="English").click()  # mid-form: the text must survive
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("textarea[name=text]").input_value() == text
    page.locator("form button.primary").click()
    page.wait_for_url(re.compile(r"/lapor/[A-Z0-9]{5}-[A-Z0-9]{5}"))
    status = page.locator("main").inner_text()
    assert text in status  # their own words
    assert re.search(r"Ombudsman responds by:\s*\w{3} \d{1,2}, \d{4}", status), status
    assert page.locator("html").get_attribute("lang") == "en"


def test_dashboards_counts_link_to_lists_and_exports_are_linked(phone, live_server, demo):
    page = phone("logistik")
    page.goto(f"{live_server}/dashboard")
    _choose_event(page, demo["replay_event"])
    page.goto(f"{live_server}/dashboard")
    missing = page.locator("section.missing-bast")
    shown = int(missing.locator(".badge").inner_text().replace(".", ""))
    assert shown > 0 and missing.locator("li").count() == min(shown, 10)
    delivered_link = page.locator("ul.stats a.count", has_text="diterima").first
    delivered = int(delivered_link.locator("b").inner_text().replace(".", ""))
    delivered_link.click()
    page.wait_for_load_state()
    assert "status=delivered" in page.url
    assert (
        page.locator("main").inner_text().count(f"{delivered:,}".replace(",", ".") + " pengiriman")
        == 1
    )
    page.goto(f"{live_server}/dashboard")
    page.locator("section.missing-bast h2 a").click()
    page.wait_for_load_state()
    assert "missing_bast=true" in page.url
    assert f"{shown} pengiriman" in page.locator("main").inner_text()
    assert page.locator("input[name=missing_bast]").is_checked()

    ombudsman = phone("ombudsman")
    ombudsman.goto(f"{live_server}/dashboard")
    _choose_event(ombudsman, demo["replay_event"])
    new = ombudsman.locator("a.count", has_text="pengaduan baru")
    count = int(new.locator("b").inner_text())
    new.click()
    ombudsman.wait_for_load_state()
    assert ombudsman.locator("table tbody tr").count() == count
    ombudsman.goto(f"{live_server}/ombudsman")
    assert ombudsman.locator("text=Desa terparah dengan cakupan terendah").is_visible()
    ombudsman.goto(f"{live_server}/coverage/regencies")
    assert "per 9 Jan 2020" in ombudsman.locator("main p.muted").first.inner_text()
    assert ombudsman.locator("input[name=as_of]").input_value() == "2020-01-09"
    geojson = ombudsman.locator(".downloads a", has_text="GeoJSON").get_attribute("href")
    deliveries = ombudsman.locator(".downloads").nth(1).locator("a", has_text="CSV")
    answer = ombudsman.request.get(live_server + geojson)
    assert answer.status == 200 and answer.json()["type"] == "FeatureCollection"
    answer = ombudsman.request.get(live_server + deliveries.get_attribute("href"))
    assert answer.status == 200 and answer.text().startswith("")
    assert "#item+code" in answer.text()


def _select_shows_whole_choice(page, selector: str) -> bool:
    """Whether a select box is wide enough for its chosen option's text in its own font."""
    return page.locator(selector).evaluate(
        """(box) => {
        const probe = document.createElement("span");
        const style = getComputedStyle(box);
        probe.style.font = style.font;
        probe.style.whiteSpace = "pre";
        probe.style.position = "absolute";
        probe.textContent = box.options[box.selectedIndex].text;
        document.body.appendChild(probe);
        const room = box.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight) - 16;  // the drop-down arrow
        const fits = probe.getBoundingClientRect().width <= room;
        probe.remove();
        return fits;
    }"""
    )


def test_phone_event_picker_shows_the_whole_event_name(phone, live_server, demo):
    page = phone("ombudsman")
    page.goto(f"{live_server}/dashboard")
    assert _select_shows_whole_choice(page, ".event-bar .event-picker select")
    button = page.locator(".event-bar .event-picker button").bounding_box()
    assert button["x"] + button["width"] <= PHONE["width"]
    assert _page_width(page) <= PHONE["width"]
    resident = phone()  # the public page's own picker (live and replayed events offered)
    resident.goto(f"{live_server}/desa/36.02.25.2003")
    box = resident.locator(".public-event-picker select").bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"] - 8  # inside the page's margin
    assert _select_shows_whole_choice(resident, ".public-event-picker select")
