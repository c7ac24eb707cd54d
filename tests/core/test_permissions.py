"""Every endpoint declares its roles; each role meets the shipment write endpoints as designed."""

import pytest

from relief.core.permissions import allowed_roles_for

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def test_every_endpoint_declares_roles(app):
    undeclared = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            for method in sorted(rule.methods - IGNORED_METHODS):
                if allowed_roles_for(rule.endpoint, method) is None:
                    undeclared.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert undeclared == []


def test_an_undeclared_view_would_be_reported(app):
    with app.test_request_context():
        assert allowed_roles_for("no.such.endpoint", "GET") is None


WRITE_PATHS = ["/api/v1/shipments", "/api/v1/shipments/{id}/dispatch",
               "/api/v1/shipments/{id}/deliver", "/api/v1/shipments/{id}/cancel",
               "/api/v1/shipments/{id}/receipt"]
READ_PATHS = ["/api/v1/shipments", "/api/v1/shipments/{id}", "/api/v1/depots"]


@pytest.mark.parametrize("path", WRITE_PATHS)
@pytest.mark.parametrize(("role", "expected"), [
    (None, 401), ("ombudsman", 403), ("admin", 403),
])
def test_non_logistics_roles_cannot_write_shipments(client, new_shipment, token_for, path,
                                                    role, expected):
    shipment = new_shipment()
    headers = token_for(role) if role else {}
    response = client.post(path.format(id=shipment["id"]), json={"version": 1},
                           headers=headers)
    assert response.status_code == expected
    current = client.get(f"/api/v1/shipments/{shipment['id']}", headers=token_for("admin"))
    assert current.json["version"] == shipment["version"]


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_logistics_role_passes_the_gate_of_each_write(client, new_shipment, logistics_headers,
                                                      path):
    shipment = new_shipment()
    response = client.post(path.format(id=shipment["id"]), json={"version": 0},
                           headers=logistics_headers)
    assert response.status_code not in (401, 403)


@pytest.mark.parametrize("path", READ_PATHS)
@pytest.mark.parametrize(("role", "expected"), [
    (None, 401), ("logistics", 200), ("ombudsman", 200), ("admin", 200),
])
def test_read_endpoints_by_role(client, new_shipment, token_for, path, role, expected):
    shipment = new_shipment()
    headers = token_for(role) if role else {}
    assert client.get(path.format(id=shipment["id"]), headers=headers).status_code == expected
