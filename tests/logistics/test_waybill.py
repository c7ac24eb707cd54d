"""The surat jalan: printable from "planned", full place name, driver's phone, phone layout."""

import os
from pathlib import Path

import pytest

from relief.core.fields import is_indonesian_phone

SHOTS = os.environ.get("RELIEF_SCREENSHOTS")  # a folder: the browser test saves its pages there


def _waybill(client, shipment_id: int, lang: str = "id") -> str:
    return client.get(f"/shipments/{shipment_id}/waybill?lang={lang}").get_data(as_text=True)


def test_a_planned_waybill_prints_with_qr_and_says_it_is_not_yet_dispatched(
    client, login_as, new_shipment
):
    shipment = new_shipment()
    login_as("logistics")
    page = _waybill(client, shipment["id"])
    assert 'data-waybill-state="planned"' in page and "BELUM DIBERANGKATKAN" in page
    assert "/konfirmasi?waybill=SJ%2F" in page and "<svg" in page


def test_a_dispatched_waybill_carries_no_not_dispatched_mark(client, login_as, new_shipment):
    shipment = new_shipment(dispatch=True)
    login_as("logistics")
    page = _waybill(client, shipment["id"])
    assert "BELUM DIBERANGKATKAN" not in page and "data-waybill-state" not in page


def test_a_cancelled_waybill_says_it_is_void_and_has_no_qr(
    client, login_as, new_shipment, logistics_headers
):
    shipment = new_shipment()
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/cancel",
        json={"version": shipment["version"], "reason": "jalan putus"},
        headers=logistics_headers,
    )
    assert response.status_code == 200
    login_as("logistics")
    page = _waybill(client, shipment["id"])
    assert 'data-waybill-state="cancelled"' in page and "jalan putus" in page
    assert "/konfirmasi?waybill=" not in page


def test_destination_names_village_district_and_regency_with_its_code(
    client, login_as, new_shipment
):
    # Banten has six villages called Banjarsari: the kecamatan and kabupaten tell them apart.
    shipment = new_shipment(destination_code="36.02.25.2004")
    login_as("logistics")
    page = _waybill(client, shipment["id"])
    assert "Desa Banjarsari, Kec. Lebakgedong, Kab. Lebak" in page
    assert "36.02.25.2004" in page


def test_driver_name_and_phone_are_on_the_waybill_in_both_languages(client, login_as, new_shipment):
    shipment = new_shipment(driver_name="Asep Saepudin", driver_phone="0812-3456-7890")
    login_as("logistics")
    for lang, word in (("id", "Pengemudi"), ("en", "Driver")):
        page = _waybill(client, shipment["id"], lang)
        assert word in page and "Asep Saepudin" in page
        assert 'href="tel:0812-3456-7890"' in page


@pytest.mark.parametrize(
    "number",
    [
        "081234567890",
        "0812 3456 7890",
        "+62 812-3456-7890",
        "6281234567890",
        "(0252) 201234",
        "021 5551234",
    ],
)
def test_indonesian_numbers_as_people_write_them_are_accepted(number):
    assert is_indonesian_phone(number)


@pytest.mark.parametrize(
    "number",
    ["12345", "0812", "+1 202 555 0100", "08123456789012345", "abc", "0012345678", "0912345678"],
)
def test_numbers_that_are_not_indonesian_phones_are_refused(number):
    assert not is_indonesian_phone(number)


def test_api_refuses_a_driver_phone_that_is_not_indonesian_in_the_clients_language(
    client, shipment_body, logistics_headers
):
    for lang, text in (
        ("id", "Nomor telepon Indonesia tidak valid"),
        ("en", "Not a valid Indonesian phone number"),
    ):
        response = client.post(
            "/api/v1/shipments",
            json=shipment_body(driver_phone="+1 202 555"),
            headers={**logistics_headers, "Accept-Language": lang},
        )
        assert response.status_code == 422
        assert response.json["error"]["fields"]["driver_phone"][0].startswith(text)


@pytest.mark.parametrize("width", [360, 1280])
def test_waybill_fits_the_screen_and_its_headers_break_only_between_words(
    live_server, browser, browser_login, new_shipment, width
):
    # Long units squeeze the table: the phone layout that broke "Satua/n/dasar".
    items = [
        {"commodity": "rice", "quantity": 1000, "unit": "sack25"},
        {"commodity": "medicine", "quantity": 120, "unit": "box10", "lot": "L2020-01"},
        {"commodity": "clothing", "quantity": 40, "unit": "bale20"},
    ]
    shipment = new_shipment(
        destination_code="36.02.25.2004",
        driver_name="Asep Saepudin",
        driver_phone="0812 3456 7890",
        items=items,
        override_reason="uji tata letak",
    )
    page = browser.new_page(viewport={"width": width, "height": 900})
    browser_login(page, "logistics")
    page.goto(f"{live_server}/shipments/{shipment['id']}/waybill")
    assert page.locator("[data-waybill-state=planned]").is_visible()
    assert (
        page.locator("[data-destination]")
        .inner_text()
        .startswith("Desa Banjarsari, Kec. Lebakgedong, Kab. Lebak")
    )
    assert "0812 3456 7890" in page.locator("[data-driver]").inner_text()
    # No sideways scrolling, and every header word on one line: "Satuan dasar" may wrap
    # between its words on a phone, never inside one ("Satua/n/dasar").
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    card, table = (page.locator(s).bounding_box() for s in ("article.waybill", ".waybill table"))
    assert table["x"] + table["width"] <= card["x"] + card["width"] + 0.5
    words_broken = page.evaluate("""() => [...document.querySelectorAll('.waybill th')]
        .filter(th => {
          const range = document.createRange(); range.selectNodeContents(th);
          const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          const words = th.textContent.trim().split(/\\s+/).length;
          return lines.size > words;
        }).map(th => th.textContent)""")
    assert words_broken == []
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/waybill-{width}.png", full_page=True)
    page.close()
