"""Factories for logistics tests: an event with a depot, and shipments made through the API."""

from datetime import date

import pytest

from relief.unit_of_work import commit_write
from tests import factories

VILLAGE = "36.02.25.2003"  # Desa Lebakgedong, Kec. Lebakgedong, Kab. Lebak


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Test users need no slow password hash (checking still works: the hash names its method)."""
    from werkzeug.security import generate_password_hash

    from relief.auth import services

    monkeypatch.setattr(
        services,
        "generate_password_hash",
        lambda password: generate_password_hash(password, "pbkdf2:sha256:1000"),
    )


@pytest.fixture
def scenario(app):
    """A committed event and depot; returns their ids."""
    with app.app_context():
        event = factories.event("BJR2020", emergency_until=date(2020, 1, 14))
        depot = factories.depot("BPBD Kabupaten Lebak")
        commit_write()
        return {"event_id": event.id, "origin_depot_id": depot.id}


@pytest.fixture
def shipment_body(scenario):
    """Factory: a valid create body, with overrides."""

    def body(**overrides) -> dict:
        data = {
            **scenario,
            "destination_code": VILLAGE,
            "items": [
                {"commodity": "rice", "quantity": 20, "unit": "sack25"},
                {"commodity": "medicine", "quantity": 10, "unit": "kit"},
            ],
            "vehicle_plate": "A 1234 BC",
            "driver_name": "Ujang",
            "driver_phone": "0812 3456 7890",
        }
        data.update(overrides)
        return data

    return body


@pytest.fixture
def logistics_headers(token_for):
    """Bearer header of a logistics user."""
    return token_for("logistics")


@pytest.fixture
def new_shipment(client, shipment_body, logistics_headers):
    """Factory: create a shipment through the API (optionally dispatch it); returns its JSON."""

    def make(dispatch: bool = False, **overrides) -> dict:
        response = client.post(
            "/api/v1/shipments", json=shipment_body(**overrides), headers=logistics_headers
        )
        assert response.status_code == 201, response.json
        shipment = response.json
        if dispatch:
            response = client.post(
                f"/api/v1/shipments/{shipment['id']}/dispatch",
                json={"version": shipment["version"]},
                headers=logistics_headers,
            )
            assert response.status_code == 200, response.json
            shipment = response.json
        return shipment

    return make
