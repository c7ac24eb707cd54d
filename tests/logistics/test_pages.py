"""Shipment pages: create form, actions, stale versions, role-dependent controls, waybill."""

import re

from relief.extensions import db
from tests.logistics.conftest import VILLAGE


def _form_body(scenario, rows) -> dict:
    body = {
        "event_id": scenario["event_id"],
        "origin_depot_id": scenario["origin_depot_id"],
        "destination_code": VILLAGE,
        "vehicle_plate": "A 1 B",
        "driver_name": "Ujang",
    }
    for index in range(6):
        commodity, quantity, unit = rows[index] if index < len(rows) else ("", "", "")
        body.update(
            {
                f"items-{index}-commodity": commodity,
                f"items-{index}-quantity": quantity,
                f"items-{index}-unit": unit,
            }
        )
    return body


def _items_of(app, shipment_id):
    from relief.logistics.models import Shipment

    with app.app_context():
        return [
            (i.commodity_code, i.quantity_base) for i in db.session.get(Shipment, shipment_id).items
        ]


def test_create_form_ignores_empty_rows_and_redirects_to_detail(app, client, login_as, scenario):
    login_as("logistics")
    response = client.post(
        "/shipments/new",
        data=_form_body(scenario, [("rice", "2", "sack25"), ("clothing", "10", "set")]),
    )
    assert response.status_code == 302
    shipment_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert _items_of(app, shipment_id) == [("rice", 50), ("clothing", 10)]


def test_create_form_shows_indonesian_message_on_the_bad_row(client, login_as, scenario):
    login_as("logistics")
    response = client.post(
        "/shipments/new",
        data=_form_body(scenario, [("rice", "2", "sack25"), ("", "", ""), ("rice", "-1", "kit")]),
    )
    assert response.status_code == 422
    assert "Jumlah harus lebih dari 0." in response.get_data(as_text=True)


def test_unknown_unit_in_form_is_reported_on_its_row(client, login_as, scenario):
    login_as("logistics")
    response = client.post("/shipments/new", data=_form_body(scenario, [("rice", "2", "kit")]))
    assert response.status_code == 422
    assert "Satuan tidak dikenal untuk komoditas ini." in response.get_data(as_text=True)


def test_stale_version_on_dispatch_form_answers_409_with_clear_message(
    client, login_as, new_shipment
):
    shipment = new_shipment()
    login_as("logistics")
    response = client.post(
        f"/shipments/{shipment['id']}/dispatch", data={"version": shipment["version"] + 5}
    )
    assert response.status_code == 409
    assert "sudah diubah orang lain" in response.get_data(as_text=True)


def test_deliver_form_records_bast_with_rejected_item(
    client, login_as, new_shipment, logistics_headers
):
    shipment = new_shipment(dispatch=True)
    login_as("logistics")
    response = client.post(
        f"/shipments/{shipment['id']}/deliver",
        data={
            "version": shipment["version"],
            "received_by": "Pak Kades",
            "receiver_role": "Kades",
            "lat": "-6.62",
            "lon": "106.38",
            # In the waybill's units: 19 and 1 sacks of 25 kg (475 and 25 kg).
            "items-0-commodity": "rice",
            "items-0-accepted": "19",
            "items-0-rejected": "1",
            "items-0-reason": "basah",
            "items-1-commodity": "medicine",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    body = client.get(f"/api/v1/shipments/{shipment['id']}", headers=logistics_headers).json
    assert body["status"] == "delivered"
    assert [(i["accepted"], i["rejected"]) for i in body["receipt"]["items"]] == [
        (475, 25),
        (10, 0),
    ]


def test_detail_hides_write_actions_from_ombudsman(client, login_as, new_shipment):
    shipment = new_shipment()
    login_as("ombudsman")
    page = client.get(f"/shipments/{shipment['id']}").get_data(as_text=True)
    assert "Ujang" in page  # staff see the driver
    assert "/dispatch" not in page and "/cancel" not in page
    listing = client.get("/shipments").get_data(as_text=True)
    assert "/shipments/new" not in listing


def test_detail_shows_actions_to_logistics(client, login_as, new_shipment):
    shipment = new_shipment()
    login_as("logistics")
    page = client.get(f"/shipments/{shipment['id']}").get_data(as_text=True)
    assert f"/shipments/{shipment['id']}/dispatch" in page
    assert f"/shipments/{shipment['id']}/cancel" in page


def test_ombudsman_posts_to_shipment_pages_are_forbidden(client, login_as, new_shipment):
    shipment = new_shipment()
    login_as("ombudsman")
    for path in (
        "/shipments/new",
        f"/shipments/{shipment['id']}/dispatch",
        f"/shipments/{shipment['id']}/deliver",
        f"/shipments/{shipment['id']}/cancel",
        f"/shipments/{shipment['id']}/receipt",
        "/shipments/import",
    ):
        assert client.post(path, data={"version": 1}).status_code == 403, path


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/shipments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_waybill_carries_an_inline_qr_to_konfirmasi_with_its_number(client, login_as, new_shipment):
    shipment = new_shipment(dispatch=True)
    login_as("logistics")
    page = client.get(f"/shipments/{shipment['id']}/waybill").get_data(as_text=True)
    assert "<svg" in page and "<script" not in page.split("<footer")[0].split("<main")[1]
    assert re.search(r"/konfirmasi\?waybill=SJ%2F", page)


def test_list_page_filters_by_status(client, login_as, new_shipment):
    first = new_shipment()
    second = new_shipment(dispatch=True)
    login_as("ombudsman")
    page = client.get("/shipments?status=dispatched").get_data(as_text=True)
    assert second["waybill_no"] in page and first["waybill_no"] not in page
