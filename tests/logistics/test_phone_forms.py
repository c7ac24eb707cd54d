"""Phone-first shipment pages: error summary on top linking to fields, messages beside the
field they concern, Indonesian messages, BAST in waybill units, repeat last, default depot."""

import re

from tests.logistics.conftest import VILLAGE
from tests.logistics.test_pages import _form_body


def _before_heading(page: str) -> str:
    return page.split("<h1>")[0]


def test_shipment_without_goods_is_refused_with_a_message_on_top(client, login_as, scenario):
    login_as("logistics")
    response = client.post("/shipments/new", data=_form_body(scenario, []))
    assert response.status_code == 422
    top = _before_heading(response.get_data(as_text=True))
    assert 'class="error-summary"' in top and "Isi 1 sampai 50 barang." in top
    assert 'href="#items-0-commodity"' in top


def test_form_messages_are_indonesian(client, login_as, scenario):
    login_as("logistics")
    body = _form_body(scenario, [("rice", "dua", "sack25")])
    body["vehicle_plate"] = "A" * 30
    page = client.post("/shipments/new", data=body).get_data(as_text=True)
    assert "Not a valid" not in page and "Field cannot be longer" not in page
    assert "This field is required" not in page
    assert "Isi angka, mis. 12,5 atau 12.5." in page and "Paling banyak 20 karakter." in page
    assert 'href="#items-0-quantity"' in _before_heading(page)


def test_empty_unit_is_explained_in_indonesian(client, login_as, scenario):
    login_as("logistics")
    page = client.post("/shipments/new", data=_form_body(scenario, [("rice", "2", "")])).text
    assert "Length must be" not in page and "Pilih satuan." in page


def test_bast_reason_error_sits_under_the_reason_field(client, login_as, new_shipment):
    shipment = new_shipment(dispatch=True)
    login_as("logistics")
    response = client.post(
        f"/shipments/{shipment['id']}/deliver",
        data={
            "version": shipment["version"],
            "received_by": "Pak Kades",
            "items-0-commodity": "rice",
            "items-0-rejected": "1",
            "items-1-commodity": "medicine",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = "Alasan penolakan wajib diisi bila ada yang ditolak."
    assert f'href="#items-0-reason">Barang 1, Alasan penolakan: {message}' in _before_heading(
        page
    ).replace("\n", "")
    reason_field = re.search(
        r'<div class="field has-error">\s*<label for="items-0-reason".*?</div>\s*</div>', page, re.S
    )
    assert reason_field and message in reason_field.group(0)
    accepted_field = re.search(r'<label for="items-0-accepted".*?</div>', page, re.S).group(0)
    assert message not in accepted_field


def test_bast_asks_in_the_waybill_units(client, login_as, new_shipment, logistics_headers):
    shipment = new_shipment(dispatch=True)
    login_as("logistics")
    page = client.get(f"/shipments/{shipment['id']}").get_data(as_text=True)
    assert "Diterima (karung 25 kg)" in page and "20 karung 25 kg di surat jalan" in page
    response = client.post(
        f"/shipments/{shipment['id']}/deliver",
        data={
            "version": shipment["version"],
            "received_by": "Pak Kades",
            "items-0-commodity": "rice",
            "items-0-accepted": "18",
            "items-0-rejected": "2",
            "items-0-reason": "basah",
            "items-1-commodity": "medicine",
        },
    )
    assert response.status_code == 302
    receipt = client.get(f"/api/v1/shipments/{shipment['id']}", headers=logistics_headers).json
    assert [(i["accepted"], i["rejected"]) for i in receipt["receipt"]["items"]] == [
        (450, 50),
        (10, 0),
    ]


def test_repeat_last_shipment_and_default_depot(client, login_as, scenario):
    login_as("logistics")
    fresh = client.get("/shipments/new").get_data(as_text=True)
    assert "Ulangi pengiriman terakhir" not in fresh
    client.post(
        "/shipments/new",
        data=_form_body(scenario, [("rice", "2", "sack25"), ("medicine", "3", "kit")]),
    )
    page = client.get("/shipments/new").get_data(as_text=True)
    depots = page[page.index('name="origin_depot_id"') :]
    depots = depots[: depots.index("</select>")]
    depot = re.search(r'<option selected value="(\d+)">|<option value="(\d+)" selected>', depots)
    assert depot and scenario["origin_depot_id"] in {int(g) for g in depot.groups() if g}
    assert 'href="/shipments/new?repeat=last"' in page
    repeat = client.get("/shipments/new?repeat=last").get_data(as_text=True)
    assert f'value="{VILLAGE}"' in repeat
    assert re.search(r'id="items-1-quantity"[^>]*value="3"', repeat)


def test_the_form_has_one_item_row_shown_and_unit_lists_per_commodity(client, login_as, scenario):
    login_as("logistics")
    page = client.get("/shipments/new").get_data(as_text=True)
    options = re.search(r'data-unit-options="([^"]+)"', page).group(1)
    assert "sack25" in options and "js/shipment_form.js" in page
