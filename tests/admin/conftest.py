"""Factories for admin tests: an admin's bearer header, organisations and scoped accounts."""

import pytest

from relief.extensions import db

LEBAK_VILLAGE = "36.02.25.2003"  # Desa Lebakgedong, Kab. Lebak
TANGSEL_VILLAGE = "36.74.01.1001"  # a kelurahan of Kota Tangerang Selatan


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
def admin_headers(token_for):
    """Bearer header of an admin."""
    return token_for("admin")


@pytest.fixture
def api(client, admin_headers):
    """Call the API as the admin: api("post", path, json) -> response."""

    def call(method: str, path: str, body: dict | None = None, headers: dict | None = None):
        return getattr(client, method)(path, json=body, headers=headers or admin_headers)

    return call


@pytest.fixture
def lebak_setup(api):
    """Through the API: a live event in Lebak, BPBD Lebak with a depot, and another org."""
    event = api(
        "post",
        "/api/v1/events",
        {
            "name": "Banjir Lebak uji",
            "kind": "flood",
            "started_at": "2026-11-28T00:00:00+07:00",
            "regency_codes": ["36.02"],
        },
    )
    assert event.status_code == 201, event.json
    org = api(
        "post",
        "/api/v1/organisations",
        {"name": "BPBD Kabupaten Lebak", "kind": "bpbd", "regency_codes": ["36.02"]},
    )
    assert org.status_code == 201, org.json
    other = api(
        "post",
        "/api/v1/organisations",
        {"name": "BPBD Kota Tangerang Selatan", "kind": "bpbd", "regency_codes": ["36.74"]},
    )
    depot = api(
        "post",
        "/api/v1/depots",
        {
            "name": "Gudang BPBD Lebak",
            "organisation_id": org.json["id"],
            "regency_code": "36.02",
            "lat": -6.3597,
            "lon": 106.2494,
        },
    )
    assert depot.status_code == 201, depot.json
    other_depot = api(
        "post",
        "/api/v1/depots",
        {
            "name": "Gudang BPBD Tangsel",
            "organisation_id": other.json["id"],
            "regency_code": "36.74",
            "lat": -6.2889,
            "lon": 106.7181,
        },
    )
    return {
        "event_id": event.json["id"],
        "organisation_id": org.json["id"],
        "depot_id": depot.json["id"],
        "other_depot_id": other_depot.json["id"],
        "other_organisation_id": other.json["id"],
    }


@pytest.fixture
def scoped_logistics(api, client, lebak_setup):
    """A logistics account of BPBD Lebak scoped to Lebak, made through the API; its header."""
    made = api(
        "post",
        "/api/v1/users",
        {
            "username": "petugas.lebak",
            "name": "Petugas Lebak",
            "role": "logistics",
            "password": "banjirLebak2026",
            "organisation_id": lebak_setup["organisation_id"],
            "area_codes": ["36.02"],
        },
    )
    assert made.status_code == 201, made.json
    token = client.post(
        "/api/v1/auth/token", json={"username": "petugas.lebak", "password": "banjirLebak2026"}
    )
    assert token.status_code == 201
    return {"Authorization": f"Bearer {token.json['token']}", "id": made.json["id"]}


def shipment_body(setup: dict, village: str, depot_key: str = "depot_id") -> dict:
    """A valid create body for a village from one of the setup's depots."""
    return {
        "event_id": setup["event_id"],
        "origin_depot_id": setup[depot_key],
        "destination_code": village,
        "items": [{"commodity": "rice", "quantity": 4, "unit": "sack25"}],
    }


def audit_actions(app, entity: str) -> list[str]:
    """The audit actions recorded for one kind of entity, oldest first."""
    from sqlalchemy import select

    from relief.audit.models import AuditEntry

    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == entity)
                .order_by(AuditEntry.seq)
            )
        )
