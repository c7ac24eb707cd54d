"""What shipment pages show: unit names, WIB times, local numbers, who sees the village code."""

import re

import pytest

from tests.logistics.conftest import VILLAGE


@pytest.fixture
def dispatched(client, new_shipment, logistics_headers):
    """A shipment of 20 sacks of rice and 10 medicine kits, dispatched at 07:30 UTC."""
    shipment = new_shipment()
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"], "dispatched_at": "2020-01-05T07:30:00Z"},
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    return response.json


def _page(client, path: str, lang: str = "id") -> str:
    client.get(f"/lang/{lang}")
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/shipments/{id}", "/shipments/{id}/waybill"])
def test_units_are_named_not_coded(client, login_as, dispatched, path):
    login_as("logistics")
    url = path.format(id=dispatched["id"])
    page = _page(client, url)
    assert "20 karung 25 kg" in page and "500 kg" in page and "10 paket" in page
    assert "sack25" not in page
    english = _page(client, url, "en")
    assert "20 25 kg sack" in english and "Rice" in english and "10 kit" in english


def test_a_known_utc_time_is_shown_in_wib(client, login_as, dispatched):
    login_as("ombudsman")
    text = re.sub(r"<[^>]+>", " ", _page(client, f"/shipments/{dispatched['id']}"))
    assert "5 Jan 2020 14.30 WIB" in text and "07.30" not in text and "07:30" not in text
    waybill = _page(client, f"/shipments/{dispatched['id']}/waybill", "en")
    assert "Jan 5, 2020, 2:30\u202fPM WIB" in waybill


def test_list_shows_quantities_in_the_visitors_number_format(client, login_as, new_shipment):
    new_shipment(items=[{"commodity": "rice", "quantity": 1234.5, "unit": "kg"}])
    login_as("ombudsman")
    assert "Beras 1.234,5 kg" in _page(client, "/shipments")
    assert "Rice 1,234.5 kg" in _page(client, "/shipments", "en")


def test_receipt_columns_name_accepted_and_rejected_quantities(
    client, login_as, dispatched, logistics_headers
):
    response = client.post(
        f"/api/v1/shipments/{dispatched['id']}/deliver",
        json={
            "version": dispatched["version"],
            "delivered_at": "2020-01-05T10:00:00Z",
            "received_by": "Pak Kades",
            "items": [{"commodity": "rice", "accepted": 475, "rejected": 25, "reason": "basah"}],
        },
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    login_as("ombudsman")
    english = _page(client, f"/shipments/{dispatched['id']}", "en")
    assert '<th class="num">Accepted</th>' in english
    assert '<th class="num">Rejected</th>' in english
    assert "25 kg" in english and "delivered" in english


@pytest.mark.parametrize("role", ["logistics", "ombudsman", "admin"])
def test_the_waybill_carries_no_secret_that_could_confirm_receipt(
    client, login_as, dispatched, role
):
    """The village signs with its own PIN; the waybill's QR only names the delivery."""
    login_as(role)
    page = _page(client, f"/shipments/{dispatched['id']}/waybill")
    assert dispatched["confirmation_code"] not in page
    assert "/konfirmasi?waybill=SJ%2FBJR2020%2F" in page and "PIN desa" in page
    assert "20 karung 25 kg" in page  # everything else is there


@pytest.mark.parametrize(
    ("role", "sees"), [("logistics", True), ("ombudsman", False), ("admin", False)]
)
def test_api_gives_the_village_code_to_logistics_only(client, token_for, dispatched, role, sees):
    body = client.get(f"/api/v1/shipments/{dispatched['id']}", headers=token_for(role)).json
    assert body["destination_code"] == VILLAGE
    assert (body["confirmation_code"] == dispatched["confirmation_code"]) is sees
    if not sees:
        assert body["confirmation_code"] is None
