"""`Idempotency-Key`: replays return the first answer; a changed body is refused."""

from relief.core.idempotency import request_fingerprint
from relief.extensions import db


def _shipment_count(app) -> int:
    from relief.logistics.models import Shipment

    with app.app_context():
        return db.session.query(Shipment).count()


def test_fingerprint_ignores_json_key_order():
    a = request_fingerprint("POST", "/x", b'{"a": 1, "b": 2}')
    assert a == request_fingerprint("POST", "/x", b'{"b":2,"a":1}')
    assert a != request_fingerprint("POST", "/y", b'{"a": 1, "b": 2}')


def test_replay_with_same_key_returns_first_answer_and_creates_nothing(
    app, client, shipment_body, logistics_headers
):
    headers = {**logistics_headers, "Idempotency-Key": "abc-123"}
    first = client.post("/api/v1/shipments", json=shipment_body(), headers=headers)
    second = client.post("/api/v1/shipments", json=shipment_body(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json == first.json
    assert second.headers["Idempotent-Replayed"] == "true"
    assert _shipment_count(app) == 1


def test_same_key_with_different_body_is_422(app, client, shipment_body, logistics_headers):
    headers = {**logistics_headers, "Idempotency-Key": "abc-123"}
    client.post("/api/v1/shipments", json=shipment_body(), headers=headers)
    other = client.post("/api/v1/shipments", json=shipment_body(notes="lain"), headers=headers)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json["error"]["fields"]
    assert _shipment_count(app) == 1


def test_keys_are_scoped_per_user(app, client, shipment_body, token_for):
    for headers in (token_for("logistics"), token_for("logistics")):
        response = client.post(
            "/api/v1/shipments",
            json=shipment_body(),
            headers={**headers, "Idempotency-Key": "same"},
        )
        assert response.status_code == 201
    assert _shipment_count(app) == 2


def test_failed_request_does_not_burn_the_key(app, client, shipment_body, logistics_headers):
    headers = {**logistics_headers, "Idempotency-Key": "retry-me"}
    bad = client.post("/api/v1/shipments", json=shipment_body(origin_depot_id=999), headers=headers)
    assert bad.status_code == 422
    good = client.post(
        "/api/v1/shipments", json=shipment_body(origin_depot_id=999), headers=headers
    )
    assert good.status_code == 422  # evaluated again, not replayed as stored
    assert _shipment_count(app) == 0


def test_replayed_dispatch_does_not_conflict_on_version(client, new_shipment, logistics_headers):
    shipment = new_shipment()
    headers = {**logistics_headers, "Idempotency-Key": "dispatch-1"}
    body = {"version": shipment["version"]}
    first = client.post(f"/api/v1/shipments/{shipment['id']}/dispatch", json=body, headers=headers)
    again = client.post(f"/api/v1/shipments/{shipment['id']}/dispatch", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json["version"] == first.json["version"]
