"""Every refused input answers in the one envelope with per-field messages and writes nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from relief.extensions import db


def _count_shipments(app) -> int:
    from relief.logistics.models import Shipment

    with app.app_context():
        return db.session.query(Shipment).count()


def _create(client, body, headers):
    return client.post("/api/v1/shipments", json=body, headers=headers)


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"colour": "red"}, ("colour",)),
        (
            {"items": [{"commodity": "rice", "quantity": 0, "unit": "kg"}]},
            ("items", "0", "quantity"),
        ),
        (
            {"items": [{"commodity": "rice", "quantity": -5, "unit": "kg"}]},
            ("items", "0", "quantity"),
        ),
        (
            {"items": [{"commodity": "gold", "quantity": 5, "unit": "kg"}]},
            ("items", "0", "commodity"),
        ),
        ({"items": [{"commodity": "rice", "quantity": 5, "unit": "kit"}]}, ("items", "0", "unit")),
        (
            {"items": [{"commodity": "rice", "quantity": 5, "unit": "kg", "x": 1}]},
            ("items", "0", "x"),
        ),
        ({"items": []}, ("items",)),
        ({"destination_code": "36.02.99.9999"}, ("destination_code",)),
        ({"destination_code": "36.02.25"}, ("destination_code",)),
        ({"origin_depot_id": 99999}, ("origin_depot_id",)),
        ({"event_id": 99999}, ("event_id",)),
    ],
)
def test_bad_create_body_is_422_with_field_message_and_nothing_written(
    app, client, shipment_body, logistics_headers, overrides, path
):
    response = _create(client, shipment_body(**overrides), logistics_headers)
    assert response.status_code == 422, response.json
    node = response.json["error"]["fields"]
    for part in path:
        node = node[part]
    assert node and all(isinstance(m, str) for m in node)
    assert _count_shipments(app) == 0


def test_missing_required_field_message_is_indonesian(client, shipment_body, logistics_headers):
    body = shipment_body()
    del body["destination_code"]
    response = _create(client, body, logistics_headers)
    assert response.json["error"]["fields"]["destination_code"] == ["Wajib diisi."]


def test_unknown_field_message_is_indonesian(client, shipment_body, logistics_headers):
    response = _create(client, shipment_body(colour="red"), logistics_headers)
    assert response.json["error"]["fields"]["colour"] == ["Kolom tidak dikenal."]


def test_body_over_the_limit_answers_413(app, client, shipment_body, logistics_headers):
    body = shipment_body(notes="x" * (app.config["API_MAX_BODY"] + 10))
    response = _create(client, body, logistics_headers)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_dispatch_time_in_the_future_is_422(client, new_shipment, logistics_headers):
    shipment = new_shipment()
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"], "dispatched_at": future},
        headers=logistics_headers,
    )
    assert response.status_code == 422
    assert "dispatched_at" in response.json["error"]["fields"]


@pytest.mark.parametrize(("lat", "lon"), [(51.5, -0.12), (-6.2, 150.0), (40.0, 106.0)])
def test_delivery_coordinates_outside_indonesia_are_422(
    client, new_shipment, logistics_headers, lat, lon
):
    shipment = new_shipment(dispatch=True)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver",
        json={"version": shipment["version"], "lat": lat, "lon": lon},
        headers=logistics_headers,
    )
    assert response.status_code == 422
    assert "lat" in response.json["error"]["fields"]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"commodity": "rice", "accepted": 400, "rejected": 200, "reason": "rusak"}, "accepted"),
        ({"commodity": "rice", "rejected": 10}, "reason"),  # the message sits by its field
        ({"commodity": "water", "accepted": 1}, "commodity"),
        ({"commodity": "rice", "accepted": -1}, "accepted"),
    ],
)
def test_bad_receipt_line_is_422_and_shipment_stays_dispatched(
    client, new_shipment, logistics_headers, line, field
):
    shipment = new_shipment(dispatch=True)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver",
        json={
            "version": shipment["version"],
            "received_by": "Pak RT",
            "items": [line],
        },
        headers=logistics_headers,
    )
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]["items"]["0"]
    current = client.get(f"/api/v1/shipments/{shipment['id']}", headers=logistics_headers)
    assert current.json["status"] == "dispatched"


def test_cancel_without_reason_is_422(client, new_shipment, logistics_headers):
    shipment = new_shipment()
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/cancel",
        json={"version": shipment["version"], "reason": ""},
        headers=logistics_headers,
    )
    assert response.status_code == 422
    assert "reason" in response.json["error"]["fields"]


def test_unknown_shipment_answers_404(client, logistics_headers):
    response = client.get("/api/v1/shipments/424242", headers=logistics_headers)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_unknown_references_and_item_lines_are_named_in_one_answer(
    app, client, shipment_body, logistics_headers
):
    body = shipment_body(
        origin_depot_id=999999,
        destination_code="36.02.25.2999",  # shaped like a village code, naming none
        items=[
            {"commodity": "rice", "quantity": 5, "unit": "kit"},
            {"commodity": "gold", "quantity": 5, "unit": "kg"},
            {"commodity": "rice", "quantity": 5, "unit": "sack25"},
        ],
    )
    response = _create(client, body, logistics_headers)
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert fields["origin_depot_id"] == ["Gudang asal tidak dikenal."]
    assert fields["destination_code"] == ["Kode desa/kelurahan tidak dikenal."]
    assert fields["items"] == {
        "0": {"unit": ["Satuan tidak dikenal untuk komoditas ini."]},
        "1": {"commodity": ["Komoditas tidak dikenal."]},
    }
    assert "event_id" not in fields
    assert _count_shipments(app) == 0
