"""Shipments: a handover point far outside the village and quantities far above the
village's whole need are refused unless an override reason is given."""

from sqlalchemy import func, select

from relief.alerts.models import Alert
from relief.audit.models import PlausibilityOverride
from relief.extensions import db
from relief.logistics.models import Shipment

SINGAPORE = {"lat": 1.29, "lon": 103.85}  # inside the Indonesia bounding box, 900+ km away


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_fifty_billion_kg_shipment_is_refused(app, client, shipment_body, logistics_headers):
    body = shipment_body(items=[{"commodity": "rice", "quantity": 50_000_000_000, "unit": "kg"}])
    response = client.post("/api/v1/shipments", json=body, headers=logistics_headers)
    assert response.status_code == 422  # past the stated quantity range, before any guard
    assert "quantity" in response.json["error"]["fields"]["items"]["0"]
    assert _count(app, Shipment) == 0


def test_nine_million_kg_for_one_village_is_refused_by_the_need_guard(
    app, client, shipment_body, logistics_headers
):
    body = shipment_body(items=[{"commodity": "rice", "quantity": 9_000_000, "unit": "kg"}])
    response = client.post("/api/v1/shipments", json=body, headers=logistics_headers)
    assert response.status_code == 422
    message = response.json["error"]["fields"]["items.0.quantity"][0]
    assert "jauh di atas kebutuhan seluruh desa" in message
    assert _count(app, Shipment) == 0


def test_a_large_shipment_with_a_reason_is_recorded_and_flagged(
    app, client, shipment_body, logistics_headers
):
    body = shipment_body(
        items=[{"commodity": "rice", "quantity": 900_000, "unit": "kg"}],
        override_reason="Gudang penyangga kecamatan, dibagi ke desa lain.",
    )
    response = client.post("/api/v1/shipments", json=body, headers=logistics_headers)
    assert response.status_code == 201, response.json
    assert _count(app, PlausibilityOverride) == 1
    with app.app_context():
        assert db.session.scalar(select(Alert.kind)) == "plausibility_override"


def test_a_handover_gps_in_singapore_is_refused(app, client, new_shipment, logistics_headers):
    shipment = new_shipment(dispatch=True)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver",
        json={"version": shipment["version"], **SINGAPORE},
        headers=logistics_headers,
    )
    assert response.status_code == 422
    assert "di luar batas desa tujuan" in response.json["error"]["fields"]["lat"][0]
    with app.app_context():
        assert db.session.get(Shipment, shipment["id"]).status == "dispatched"


def test_a_far_handover_with_a_reason_is_recorded(app, client, new_shipment, logistics_headers):
    shipment = new_shipment(dispatch=True)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver",
        json={
            "version": shipment["version"],
            "lat": -6.40,
            "lon": 106.10,
            "override_reason": "Jembatan putus, diserahkan di posko kecamatan tetangga.",
        },
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    with app.app_context():
        override = db.session.scalar(select(PlausibilityOverride))
        assert override.guard == "handover_distance" and "Jembatan putus" in override.reason
