"""The field app in headless Chromium with no connection (Playwright `set_offline`).

Sign in online, go offline, reload, record deliveries with BAST photos and GPS and new
shipments, close and reopen the page, go online: every record reaches the server exactly
once; a record made stale meanwhile comes back marked with the server's 409 message; a
connection cut in the middle of a send is retried without creating anything twice.
"""

import re
import time

import pytest
from sqlalchemy import func, select

from relief.extensions import db
from tests.field.conftest import VILLAGE, jpeg_bytes

PHONE = {"width": 360, "height": 740}
GPS = {"latitude": -6.6216, "longitude": 106.379, "accuracy": 12}


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized browser context that grants the position."""
    context = browser.new_context(
        viewport=PHONE,
        geolocation=GPS,
        permissions=["geolocation"],
        base_url=live_server,
        bypass_csp=True,
    )  # for wait_for_function
    yield context
    context.close()


def _open_app(page) -> None:
    page.goto("/lapangan/")
    page.wait_for_selector("#field-app[data-ready=true]")


def _open_offline_ready(page) -> None:
    _open_app(page)
    page.wait_for_selector("#field-app[data-offline-ready=true]", timeout=15000)


def _waiting(page) -> int:
    return page.evaluate("async () => (await FieldOutbox.items()).length")


def _record_delivery(page, shipment_id, photo: bytes, receiver: str) -> None:
    page.evaluate(f"location.hash = '#/s/{shipment_id}/tiba'")
    page.wait_for_selector("form[data-form=deliver]")
    page.click("button.use-location")
    page.wait_for_selector(".gps-status:has-text('Akurasi')")
    page.fill("#f-received_by", receiver)
    page.fill("#f-receiver_role", "Kepala Desa")
    page.set_input_files(
        "#f-photos", files=[{"name": "bast.jpg", "mimeType": "image/jpeg", "buffer": photo}]
    )
    page.wait_for_selector(".thumbs img")
    page.click("form[data-form=deliver] button.primary")
    page.wait_for_selector(".shipment-cards")


def _record_shipment(page, quantity: int, dispatch_now: bool = False) -> None:
    page.evaluate("location.hash = '#/kirim'")
    page.wait_for_selector("form[data-form=shipment]")
    page.fill("#f-destination_code", VILLAGE)
    page.select_option("#f-items-0-commodity", "rice")
    page.fill("#f-items-0-quantity", str(quantity))
    page.select_option("#f-items-0-unit", "sack25")
    page.click("button.add-item")
    page.select_option("#f-items-1-commodity", "medicine")
    page.fill("#f-items-1-quantity", "4")
    if dispatch_now:
        page.check("#f-dispatch_now")
    page.click("form[data-form=shipment] button.primary")
    page.wait_for_selector(".shipment-cards")


def _poll(page, script: str, arg=None, timeout_s: float = 60) -> None:
    """Wait until an async page expression is true (wait_for_function does not await)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            left = page.evaluate(
                "async () => JSON.stringify((await FieldOutbox.items())"
                ".map(i => [i.kind, i.state, i.message, i.fields]))"
            )
            raise AssertionError(f"timed out waiting for {script}; outbox: {left}")
        page.wait_for_timeout(100)


def _wait_for_outbox(page, count: int) -> None:
    _poll(
        page,
        "async (count) => (await FieldOutbox.items()).length === count"
        " && !document.querySelector('#field-app[data-syncing]')",
        count,
    )


def test_offline_deliveries_and_shipments_reach_the_server_once(
    app, phone, browser_login, field_scenario, token_for, client
):
    from relief.logistics.models import Receipt, ReceiptPhoto, Shipment

    shipments = field_scenario["dispatched"](21)
    stale_id = shipments[-1]
    page = phone.new_page()
    browser_login(page, "logistics")
    _open_offline_ready(page)

    phone.set_offline(True)
    response = page.reload()
    assert response.from_service_worker, "the shell comes from the service worker's cache"
    page.wait_for_selector("#field-app[data-ready=true]")
    assert "Luring" in page.text_content("#field-connection")

    for n, shipment_id in enumerate(shipments):
        _record_delivery(page, shipment_id, jpeg_bytes((n * 10 % 255, 90, 160)), f"Penerima {n}")
    _record_shipment(page, 12)
    _record_shipment(page, 14, dispatch_now=True)  # created and dispatched with no signal ...
    local = page.get_attribute(
        ".shipment-card:has-text('Dalam perjalanan')[data-shipment^=local]", "data-shipment"
    )
    _record_delivery(page, local, jpeg_bytes((1, 2, 3)), "Penerima baru")  # ... and delivered
    assert _waiting(page) == 25
    page.wait_for_selector("[data-outbox-count='25']", state="attached")  # recounted a moment later

    # Meanwhile somebody else records the arrival of the last shipment: ours becomes stale.
    other = token_for("logistics")
    current = client.get(f"/api/v1/shipments/{stale_id}", headers=other).json
    answer = client.post(
        f"/api/v1/shipments/{stale_id}/deliver",
        headers=other,
        json={"version": current["version"], "received_by": "Orang lain"},
    )
    assert answer.status_code == 200, answer.json

    page.close()  # the tab is closed with everything still waiting
    page = phone.new_page()
    _open_app(page)
    assert _waiting(page) == 25
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_for_outbox(page, 1)

    with app.app_context():
        receipts = db.session.scalars(
            select(Receipt).where(Receipt.shipment_id.in_(shipments[:-1]))
        ).all()
        assert len(receipts) == 20 and {r.shipment_id for r in receipts} == set(shipments[:-1])
        for receipt in receipts:
            assert receipt.lat == GPS["latitude"] and receipt.lon == GPS["longitude"]
            assert receipt.gps_accuracy_m == GPS["accuracy"]
            assert len(receipt.photos) == 1 and receipt.photos[0].media_type == "image/jpeg"
            assert receipt.received_by.startswith("Penerima ")
        assert db.session.scalar(select(func.count(ReceiptPhoto.id))) == 21
        new = db.session.scalars(
            select(Shipment).where(Shipment.id.not_in(shipments)).order_by(Shipment.id)
        ).all()
        assert [(s.items[0].quantity, s.items[0].unit) for s in new] == [
            (12, "sack25"),
            (14, "sack25"),
        ]
        assert all(s.items[1].commodity_code == "medicine" for s in new)
        assert [s.status for s in new] == ["planned", "delivered"]
        assert new[1].receipt.received_by == "Penerima baru" and len(new[1].receipt.photos) == 1
        stale = db.session.get(Shipment, stale_id)
        assert stale.receipt.received_by == "Orang lain"

    page.evaluate("location.hash = '#/antrean'")
    refused = page.locator(".outbox-item.state-refused")
    refused.wait_for()
    assert "sudah diubah orang lain" in refused.locator(".outbox-message").text_content()
    page.once("dialog", lambda dialog: dialog.accept())
    refused.get_by_role("button", name="Buang").click()
    _wait_for_outbox(page, 0)
    # The staff bar's badge recounts the outbox when it hears the change, a moment later.
    page.wait_for_selector("[data-outbox-count='0']", state="attached")
    assert page.get_attribute("[data-outbox-count]", "data-outbox-count") == "0"


def test_a_send_cut_half_way_is_retried_without_duplicates(
    app, phone, browser_login, field_scenario
):
    from relief.audit.models import AuditEntry
    from relief.logistics.models import Receipt

    shipments = field_scenario["dispatched"](3)
    page = phone.new_page()
    browser_login(page, "logistics")
    _open_offline_ready(page)
    phone.set_offline(True)
    for n, shipment_id in enumerate(shipments):
        _record_delivery(page, shipment_id, jpeg_bytes((10, 20 * n, 30)), f"Penerima {n}")

    cut = {"done": False}

    def lose_the_answer(route):
        if cut["done"]:
            route.continue_()
            return
        cut["done"] = True
        route.fetch()  # the server records it ...
        route.abort("connectionreset")  # ... and the phone never hears back

    page.route(re.compile(r"/api/v1/shipments/\d+/deliver$"), lose_the_answer)
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _poll(
        page,
        "async () => { const i = await FieldOutbox.items();"
        " return i.length === 3 && i[0].attempts === 1 && i[0].state === 'pending'"
        " && !document.querySelector('#field-app[data-syncing]'); }",
    )
    assert cut["done"]
    page.evaluate("location.hash = '#/antrean'")
    page.click("button[data-sync]")
    _wait_for_outbox(page, 0)

    with app.app_context():
        receipts = db.session.scalars(
            select(Receipt).where(Receipt.shipment_id.in_(shipments))
        ).all()
        assert sorted(r.shipment_id for r in receipts) == sorted(shipments)
        delivered = db.session.scalar(
            select(func.count(AuditEntry.seq)).where(AuditEntry.action == "deliver_shipment")
        )
        assert delivered == 3


def test_a_refused_record_is_fixed_beside_its_field_and_sent(
    app, phone, browser_login, field_scenario
):
    from relief.logistics.models import Shipment

    [shipment_id] = field_scenario["dispatched"](1)
    page = phone.new_page()
    browser_login(page, "logistics")
    _open_offline_ready(page)
    phone.set_offline(True)
    page.evaluate(f"location.hash = '#/s/{shipment_id}/tiba'")
    page.wait_for_selector("form[data-form=deliver]")
    page.fill("#f-lat", "51.5")  # a point in London: the server's guard refuses it
    page.fill("#f-lon", "-0.12")
    page.fill("#f-received_by", "Pak Kades")
    page.click("form[data-form=deliver] button.primary")
    page.wait_for_selector(".shipment-cards")
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _poll(page, "async () => (await FieldOutbox.items()).some(i => i.state === 'refused')")
    page.evaluate("location.hash = '#/antrean'")
    page.get_by_role("button", name="Perbaiki").click()
    page.wait_for_selector("form[data-form=deliver] .error-summary")
    assert "Koordinat di luar wilayah Indonesia." in page.text_content("[data-error-for=lat]")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    page.click("button.use-location")
    page.wait_for_selector(".gps-status:has-text('Akurasi')")
    page.click("form[data-form=deliver] button.primary")
    _wait_for_outbox(page, 0)
    with app.app_context():
        shipment = db.session.get(Shipment, shipment_id)
        assert shipment.status == "delivered" and shipment.receipt.lat == GPS["latitude"]


def test_the_outbox_survives_a_browser_restart(
    browser, live_server, tmp_path, make_user, field_scenario, app
):
    from relief.logistics.models import Shipment

    [shipment_id] = field_scenario["dispatched"](1)
    _, username, password = make_user("logistics")
    options = {
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox"],
        "viewport": PHONE,
        "base_url": live_server,
        "bypass_csp": True,
        "geolocation": GPS,
        "permissions": ["geolocation"],
    }
    profile = str(tmp_path / "profile")

    def sign_in(page):
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button.primary")
        page.wait_for_url(lambda url: "/login" not in url)

    context = browser.browser_type.launch_persistent_context(profile, **options)
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page)
    _open_offline_ready(page)
    context.set_offline(True)
    _record_delivery(page, shipment_id, jpeg_bytes(), "Pak Kades")
    context.close()  # the browser is closed with the record still on the phone

    context = browser.browser_type.launch_persistent_context(profile, **options)
    context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    _open_app(page)  # a cold start with no connection
    assert _waiting(page) == 1
    context.set_offline(False)
    page.evaluate("FieldOutbox.sync()")
    _poll(
        page,
        "async () => { const i = await FieldOutbox.items(); return i.length === 0"
        " || i[0].message === 'Sesi berakhir: masuk lagi, lalu kirim.'; }",
    )
    if _waiting(page):  # the browser dropped the session cookie: sign in, then it goes
        sign_in(page)
        _open_app(page)
        _wait_for_outbox(page, 0)
    context.close()
    with app.app_context():
        assert db.session.get(Shipment, shipment_id).receipt.received_by == "Pak Kades"
