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


WRITE_PATHS = [
    "/api/v1/shipments",
    "/api/v1/shipments/{id}/dispatch",
    "/api/v1/shipments/{id}/deliver",
    "/api/v1/shipments/{id}/cancel",
    "/api/v1/shipments/{id}/receipt",
]
READ_PATHS = ["/api/v1/shipments", "/api/v1/shipments/{id}", "/api/v1/depots"]


@pytest.mark.parametrize("path", WRITE_PATHS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 401),
        ("ombudsman", 403),
        ("admin", 403),
    ],
)
def test_non_logistics_roles_cannot_write_shipments(
    client, new_shipment, token_for, path, role, expected
):
    shipment = new_shipment()
    headers = token_for(role) if role else {}
    response = client.post(path.format(id=shipment["id"]), json={"version": 1}, headers=headers)
    assert response.status_code == expected
    current = client.get(f"/api/v1/shipments/{shipment['id']}", headers=token_for("admin"))
    assert current.json["version"] == shipment["version"]


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_logistics_role_passes_the_gate_of_each_write(
    client, new_shipment, logistics_headers, path
):
    shipment = new_shipment()
    response = client.post(
        path.format(id=shipment["id"]), json={"version": 0}, headers=logistics_headers
    )
    assert response.status_code not in (401, 403)


@pytest.mark.parametrize("path", READ_PATHS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 401),
        ("logistics", 200),
        ("ombudsman", 200),
        ("admin", 200),
    ],
)
def test_read_endpoints_by_role(client, new_shipment, token_for, path, role, expected):
    shipment = new_shipment()
    headers = token_for(role) if role else {}
    assert client.get(path.format(id=shipment["id"]), headers=headers).status_code == expected


# The scope dimension: every endpoint a logistics account may write through meets an account
# whose scope (area_codes) leaves the shipment's village out, and must answer 403.
OUT_OF_SCOPE = ["36.74"]  # Kota Tangerang Selatan; the factories' village lies in Lebak
SCOPE_PROBES = {
    # endpoint: (path, body) with {id} the shipment and {v} its version; api bodies are JSON
    "logistics_api.create_shipment": ("/api/v1/shipments", "create"),
    "logistics_api.dispatch_shipment": ("/api/v1/shipments/{id}/dispatch", {"version": "{v}"}),
    "logistics_api.deliver_shipment": ("/api/v1/shipments/{id}/deliver", {"version": "{v}"}),
    "logistics_api.cancel_shipment": (
        "/api/v1/shipments/{id}/cancel",
        {"version": "{v}", "reason": "uji"},
    ),
    "logistics_api.record_receipt": (
        "/api/v1/shipments/{id}/receipt",
        {"version": "{v}", "received_by": "Kades", "receiver_role": "Kades", "items": []},
    ),
    "coverage_api.create_assessment": ("/api/v1/assessments", "assessment"),
    "logistics.shipment_new": ("/shipments/new", "create_form"),
    "logistics.shipment_dispatch": ("/shipments/{id}/dispatch", {"version": "{v}"}),
    "logistics.shipment_deliver": ("/shipments/{id}/deliver", {"version": "{v}"}),
    "logistics.shipment_receipt": (
        "/shipments/{id}/receipt",
        {"version": "{v}", "received_by": "Kades"},
    ),
    "logistics.shipment_cancel": ("/shipments/{id}/cancel", {"version": "{v}", "reason": "uji"}),
    "coverage.new_assessment": ("/assessments/new", "assessment_form"),
    "logistics_api.amend_shipment": (
        "/api/v1/shipments/{id}/amendments",
        {"revision": 1, "reason": "Salah ketik jumlah."},
    ),
    "logistics_api.amend_receipt": (
        "/api/v1/shipments/{id}/receipt/amendments",
        {"revision": 1, "reason": "Salah ketik jumlah."},
    ),
    "logistics.shipment_amend": (
        "/shipments/{id}/amend",
        {"revision": 1, "reason": "Salah ketik jumlah."},
    ),
    "logistics.receipt_amend": (
        "/shipments/{id}/receipt/amend",
        {"revision": 1, "reason": "Salah ketik jumlah."},
    ),
}
# Logistics writes that touch no village, or reach the probed services another way.
NOT_AREA_WRITES = {
    "events.choose": "remembers the event a page shows; no data written",
    "auth.logout": "signs out",
    "auth.tokens": "the user's own API tokens",
    "auth.revoke_token": "the user's own API tokens",
    "auth_api.delete_token": "the user's own API tokens",
    "logistics.shipment_import": "preview only, nothing recorded",
    "logistics.shipment_import_commit": "runs create_shipment, probed above",
    "logistics.delivery_import": "preview only, nothing recorded",
    "logistics.delivery_import_commit": "runs create_shipment and the probed steps; "
    "test_delivery_import checks the scope",
    "coverage.import_assessments": "preview only, nothing recorded",
    "coverage.commit_import": "runs record_assessments, probed above",
    "alerts.take_action": "an alert response, not logistics data",
    "alerts_api.post_action": "an alert response, not logistics data",
    "logistics_api.create_stock_entry": "a depot's ledger: checked against the depot's "
    "organisation (tests/stock/test_stock_api.py)",
    "logistics.depot_stock_page": "a depot's ledger: checked against the depot's organisation "
    "(tests/stock/test_pages.py)",
    "logistics.stock_import_page": "preview only, nothing recorded",
    "logistics.stock_import_commit": "runs record_stock_entry per row, checked against the "
    "depot's organisation (tests/stock/test_pages.py)",
    "coverage_api.amend_assessment": "an assessment's correction, scope-probed in "
    "tests/coverage/test_assessment_amendments.py",
    "coverage.assessment_detail": "an assessment's correction, through the service probed "
    "in tests/coverage/test_assessment_amendments.py",
    "media_api.upload_photo": "stores a photo by its hash; the BAST that cites it is probed",
    "public.unit_complaint": "a unit's answer to a complaint forwarded to its organisation "
    "(checked against the organisation, tests/public/test_forwarding)",
    "public_api.answer": "a unit's answer to a complaint forwarded to its organisation "
    "(checked against the organisation, tests/public/test_forwarding)",
}


def test_every_logistics_write_is_scope_probed_or_explained(app):
    writes = set()
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            for method in rule.methods - IGNORED_METHODS - {"GET"}:
                allowed = allowed_roles_for(rule.endpoint, method)
                if allowed and "logistics" in allowed:
                    writes.add(rule.endpoint)
    assert writes - set(SCOPE_PROBES) - set(NOT_AREA_WRITES) == set()
    assert set(SCOPE_PROBES) <= writes  # no stale probe


def _fill(value, shipment: dict):
    if isinstance(value, dict):
        return {k: _fill(v, shipment) for k, v in value.items()}
    if value == "{v}":
        return shipment["version"]
    return value


@pytest.mark.parametrize("endpoint", sorted(SCOPE_PROBES))
def test_logistics_writes_outside_the_scope_answer_403(
    app, client, new_shipment, shipment_body, make_user, endpoint
):
    from relief.auth.models import User
    from relief.auth.services import issue_token
    from relief.extensions import db

    path, body = SCOPE_PROBES[endpoint]
    shipment = new_shipment(dispatch=endpoint.endswith("receipt"))
    if endpoint.endswith("receipt"):
        delivered = client.post(
            f"/api/v1/shipments/{shipment['id']}/deliver",
            json={"version": shipment["version"]},
            headers=_token(app, make_user(area_codes=["36"])[0]),
        )
        shipment = delivered.json
    user_id, username, password = make_user(area_codes=OUT_OF_SCOPE)
    village = shipment["destination_code"]
    if body == "create":
        body = shipment_body()
    elif body == "create_form":
        data = shipment_body()
        body = {
            "event_id": data["event_id"],
            "origin_depot_id": data["origin_depot_id"],
            "destination_code": village,
            "items-0-commodity": "rice",
            "items-0-quantity": "2",
            "items-0-unit": "sack25",
        }
    elif body in ("assessment", "assessment_form"):
        body = {
            "event_id": shipment["event_id"],
            "village_code": village,
            "displaced_persons": 12,
            "displaced_households": 3,
        }
        if endpoint.startswith("coverage."):
            body.pop("event_id")
            path = f"{path}?event_id={shipment['event_id']}"
    body = _fill(body, shipment)
    if endpoint.split(".")[0].endswith("_api"):
        with app.app_context():
            token = issue_token(db.session.get(User, user_id))
            db.session.commit()
        response = client.post(
            path.format(id=shipment["id"]), json=body, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 403, response.json
        assert "36.74" in response.json["error"]["message"]
    else:
        client.post("/login", data={"username": username, "password": password})
        response = client.post(path.format(id=shipment["id"]), data=body)
        assert response.status_code == 403, response.get_data(as_text=True)[:800]
        assert "36.74" in response.get_data(as_text=True)


def _token(app, user_id: int) -> dict:
    from relief.auth.models import User
    from relief.auth.services import issue_token
    from relief.extensions import db

    with app.app_context():
        token = issue_token(db.session.get(User, user_id))
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}
