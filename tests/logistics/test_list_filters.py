"""Issue 19: the shipment list finds deliveries still missing a BAST and takes kecamatan and
village names as well as codes; empty boxes of a submitted filter form filter nothing."""

import re

from tests.logistics.conftest import VILLAGE


def _count(page: str) -> int:
    return int(re.search(r"(\d+) pengiriman</p>", page).group(1))


def _delivered(client, new_shipment, headers, receipt: bool) -> dict:
    shipment = new_shipment(dispatch=True)
    body = {"version": shipment["version"], "lat": -6.62, "lon": 106.38}
    if receipt:
        body |= {"received_by": "Pak Kades", "receiver_role": "Kepala Desa"}
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver", json=body, headers=headers
    )
    assert response.status_code == 200, response.json
    return response.json


def test_delivered_without_bast_filter_lists_only_those(
    client, login_as, new_shipment, logistics_headers
):
    without = _delivered(client, new_shipment, logistics_headers, receipt=False)
    _delivered(client, new_shipment, logistics_headers, receipt=True)
    new_shipment(dispatch=True)
    login_as("logistics")
    assert _count(client.get("/shipments?all_areas=true").text) == 3
    page = client.get("/shipments?all_areas=true&missing_bast=true").text
    assert _count(page) == 1 and without["waybill_no"] in page
    api = client.get("/api/v1/shipments?missing_bast=true", headers=logistics_headers).json
    assert [s["id"] for s in api["items"]] == [without["id"]]


def test_dashboard_lists_deliveries_missing_a_bast_with_a_link_to_the_filter(
    client, login_as, new_shipment, logistics_headers, scenario, app
):
    without = _delivered(client, new_shipment, logistics_headers, receipt=False)
    login_as("logistics")
    with client.session_transaction() as session:
        session["event_id"] = scenario["event_id"]
    page = client.get("/dashboard").text
    assert without["waybill_no"] in page
    assert f"event_id={scenario['event_id']}&amp;missing_bast=true" in page


def test_kecamatan_and_village_filters_take_names_and_ignore_empty_boxes(
    client, login_as, new_shipment
):
    new_shipment()
    new_shipment(destination_code="36.02.04.2002")  # Cipanas, Kec. Cipanas
    login_as("logistics")
    empty = "event_id=&regency=&status=&commodity=&from=&to=&destination_code="
    assert _count(client.get(f"/shipments?all_areas=true&{empty}&district=Lebakgedong").text) == 1
    assert _count(client.get("/shipments?all_areas=true&district=36.02.25").text) == 1
    by_name = client.get("/shipments?all_areas=true&destination_code=lebakgedong").text
    assert _count(by_name) == 1 and VILLAGE in by_name
    assert 'list="district-names"' in by_name and '<option value="Lebakgedong">' in by_name
