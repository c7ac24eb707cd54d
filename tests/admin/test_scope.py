"""A logistics account writes only inside its area codes and from its organisation's depots;
every refusal is a 403 naming the scope, in the API and in the forms; lists default to scope."""

import pytest

from tests.admin.conftest import LEBAK_VILLAGE, TANGSEL_VILLAGE, shipment_body


def _dispatched(client, headers, setup) -> dict:
    made = client.post(
        "/api/v1/shipments", json=shipment_body(setup, LEBAK_VILLAGE), headers=headers
    )
    assert made.status_code == 201, made.json
    sent = client.post(
        f"/api/v1/shipments/{made.json['id']}/dispatch",
        json={"version": made.json["version"]},
        headers=headers,
    )
    assert sent.status_code == 200, sent.json
    return sent.json


def test_a_shipment_inside_the_scope_is_logged(client, lebak_setup, scoped_logistics):
    response = client.post(
        "/api/v1/shipments",
        json=shipment_body(lebak_setup, LEBAK_VILLAGE),
        headers=scoped_logistics,
    )
    assert response.status_code == 201, response.json


def test_a_shipment_outside_the_scope_is_refused_naming_it(client, lebak_setup, scoped_logistics):
    response = client.post(
        "/api/v1/shipments",
        json=shipment_body(lebak_setup, TANGSEL_VILLAGE),
        headers=scoped_logistics,
    )
    assert response.status_code == 403
    error = response.json["error"]
    assert "36.02" in error["message"] and TANGSEL_VILLAGE in error["message"]
    assert "destination_code" in error["fields"]


def test_a_depot_of_another_organisation_is_refused(client, lebak_setup, scoped_logistics):
    body = shipment_body(lebak_setup, LEBAK_VILLAGE, depot_key="other_depot_id")
    response = client.post("/api/v1/shipments", json=body, headers=scoped_logistics)
    assert response.status_code == 403
    assert "origin_depot_id" in response.json["error"]["fields"]
    assert "BPBD Kabupaten Lebak" in response.json["error"]["message"]


@pytest.mark.parametrize("step", ["dispatch", "deliver", "cancel", "receipt"])
def test_steps_on_a_shipment_outside_a_narrowed_scope_are_refused(
    api, client, lebak_setup, scoped_logistics, step
):
    shipment = _dispatched(client, scoped_logistics, lebak_setup)
    if step == "receipt":
        delivered = client.post(
            f"/api/v1/shipments/{shipment['id']}/deliver",
            json={"version": shipment["version"]},
            headers=scoped_logistics,
        )
        shipment = delivered.json
    # The admin moves the account to Pandeglang: its Lebak shipment is out of scope now.
    api("patch", f"/api/v1/users/{scoped_logistics['id']}", {"area_codes": ["36.01"]})
    extra = {
        "dispatch": {},
        "cancel": {"reason": "uji"},
        "deliver": {},
        "receipt": {"received_by": "Kepala Desa", "receiver_role": "Kepala Desa", "items": []},
    }[step]
    body = {"version": shipment["version"], **extra}
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/{step}", json=body, headers=scoped_logistics
    )
    assert response.status_code == 403, response.json
    assert "36.01" in response.json["error"]["message"]


def test_delivery_with_a_bast_inside_the_scope(client, lebak_setup, scoped_logistics):
    shipment = _dispatched(client, scoped_logistics, lebak_setup)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver",
        json={
            "version": shipment["version"],
            "received_by": "Kepala Desa",
            "receiver_role": "Kepala Desa",
            "items": [{"commodity": "rice", "accepted": 100}],
        },
        headers=scoped_logistics,
    )
    assert response.status_code == 200, response.json
    assert response.json["receipt"]["received_by"] == "Kepala Desa"


def test_assessments_follow_the_scope(client, lebak_setup, scoped_logistics):
    body = {
        "event_id": lebak_setup["event_id"],
        "displaced_persons": 40,
        "displaced_households": 11,
    }
    inside = client.post(
        "/api/v1/assessments",
        json={**body, "village_code": LEBAK_VILLAGE},
        headers=scoped_logistics,
    )
    assert inside.status_code == 201, inside.json
    outside = client.post(
        "/api/v1/assessments",
        json={**body, "village_code": TANGSEL_VILLAGE},
        headers=scoped_logistics,
    )
    assert outside.status_code == 403
    assert "village_code" in outside.json["error"]["fields"]


def test_a_district_scope_covers_only_its_villages(api, client, lebak_setup, scoped_logistics):
    api("patch", f"/api/v1/users/{scoped_logistics['id']}", {"area_codes": ["36.02.25"]})
    inside = client.post(
        "/api/v1/shipments",
        json=shipment_body(lebak_setup, LEBAK_VILLAGE),
        headers=scoped_logistics,
    )
    assert inside.status_code == 201
    elsewhere_in_lebak = client.post(
        "/api/v1/shipments",
        json=shipment_body(lebak_setup, "36.02.04.2002"),
        headers=scoped_logistics,
    )
    assert elsewhere_in_lebak.status_code == 403


def test_lists_default_to_the_scope(api, client, lebak_setup, scoped_logistics, token_for):
    client.post(
        "/api/v1/shipments",
        json=shipment_body(lebak_setup, LEBAK_VILLAGE),
        headers=scoped_logistics,
    )
    api("patch", f"/api/v1/users/{scoped_logistics['id']}", {"area_codes": ["36.01"]})
    mine = client.get("/api/v1/shipments", headers=scoped_logistics).json
    assert mine["total"] == 0
    everything = client.get("/api/v1/shipments?all_areas=true", headers=scoped_logistics).json
    assert everything["total"] == 1
    assert client.get("/api/v1/shipments", headers=token_for("ombudsman")).json["total"] == 1


def test_the_shipment_form_says_the_scope_on_top(client, lebak_setup, scoped_logistics):
    assert (
        client.post(
            "/login", data={"username": "petugas.lebak", "password": "banjirLebak2026"}
        ).status_code
        == 302
    )
    page = client.get("/shipments/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gudang BPBD Lebak" in html and "Gudang BPBD Tangsel" not in html  # own depots only
    response = client.post(
        "/shipments/new",
        data={
            "event_id": lebak_setup["event_id"],
            "origin_depot_id": lebak_setup["depot_id"],
            "destination_code": TANGSEL_VILLAGE,
            "items-0-commodity": "rice",
            "items-0-quantity": "4",
            "items-0-unit": "sack25",
        },
    )
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "di luar wilayah kerja" in text and "36.02" in text


def test_assessment_lists_default_to_the_scope(
    api, client, lebak_setup, scoped_logistics, token_for
):
    body = {
        "event_id": lebak_setup["event_id"],
        "village_code": LEBAK_VILLAGE,
        "displaced_persons": 40,
        "displaced_households": 11,
    }
    assert (
        client.post("/api/v1/assessments", json=body, headers=scoped_logistics).status_code == 201
    )
    path = f"/api/v1/assessments?event_id={lebak_setup['event_id']}"
    assert client.get(path, headers=scoped_logistics).json["total"] == 1
    api("patch", f"/api/v1/users/{scoped_logistics['id']}", {"area_codes": ["36.74"]})
    assert client.get(path, headers=scoped_logistics).json["total"] == 0
    assert client.get(path + "&all_areas=true", headers=scoped_logistics).json["total"] == 1
    assert client.get(path, headers=token_for("ombudsman")).json["total"] == 1
