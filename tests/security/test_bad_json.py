"""JSON bodies that used to answer 500 or slip past limits (issue 14, item 9)."""

import io
import json

import pytest
from flask import Response
from werkzeug.test import EnvironBuilder, run_wsgi_app

from relief.extensions import db


def _post(client, headers, raw: bytes | str, path="/api/v1/shipments"):
    data = raw.encode() if isinstance(raw, str) else raw
    return client.post(path, data=data, headers={**headers, "Content-Type": "application/json"})


def test_ten_thousand_deep_json_answers_400(client, logistics_headers):
    body = "[" * 10_000 + "]" * 10_000
    response = _post(client, logistics_headers, body)
    assert response.status_code == 400
    assert "_input" in response.json["error"]["fields"]


def test_moderately_deep_json_answers_400_too(client, logistics_headers):
    response = _post(client, logistics_headers, '{"a":' * 100 + "1" + "}" * 100)
    assert response.status_code == 400


def test_lone_surrogate_in_a_string_answers_400(client, logistics_headers, shipment_body):
    raw = json.dumps(shipment_body(driver_name="PLACEHOLDER")).replace("PLACEHOLDER", "\\ud800")
    response = _post(client, logistics_headers, raw)
    assert response.status_code == 400
    assert "surrogate" in response.json["error"]["fields"]["_input"][0]


def test_surrogate_pairs_are_fine(client, logistics_headers, shipment_body):
    raw = json.dumps(shipment_body(notes="banjir \U0001f30a"))  # escaped as a valid pair
    assert "\\ud83c\\udf0a" in raw
    assert _post(client, logistics_headers, raw).status_code == 201


def test_surrogate_in_a_public_report_answers_400(client):
    raw = '{"village_code": "36.02.25.2003", "category": "not_received", "text": "\\udfff"}'
    response = _post(client, {}, raw, path="/api/v1/reports")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "quantity", ["1e308", "Infinity", "-Infinity", "NaN", "1e400", "10000001", "0", "-1", "0.0001"]
)
def test_implausible_quantities_answer_422_naming_the_field(
    client, logistics_headers, shipment_body, quantity
):
    body = shipment_body(items=[{"commodity": "rice", "quantity": 12345, "unit": "kg"}])
    raw = json.dumps(body).replace("12345", quantity)
    response = _post(client, logistics_headers, raw)
    assert response.status_code == 422, response.json
    assert "quantity" in response.json["error"]["fields"]["items"]["0"]


def test_receipt_quantities_are_bounded_too(client, logistics_headers, new_shipment):
    shipment = new_shipment(dispatch=True)
    raw = json.dumps(
        {
            "version": shipment["version"],
            "received_by": "Kades",
            "items": [{"commodity": "rice", "accepted": 77, "rejected": 0}],
        }
    )
    response = _post(
        client,
        logistics_headers,
        raw.replace("77", "1e308"),
        path=f"/api/v1/shipments/{shipment['id']}/deliver",
    )
    assert response.status_code == 422
    assert "accepted" in response.json["error"]["fields"]["items"]["0"]


def test_smallest_quantity_keeps_its_precision_on_this_database(
    app, client, logistics_headers, shipment_body
):
    from relief.logistics.models import ShipmentItem

    body = shipment_body(
        items=[
            {"commodity": "rice", "quantity": 0.001, "unit": "kg"},
            {"commodity": "clothing", "quantity": 1234567.891, "unit": "set"},
        ]
    )
    # Far above any village's need: the plausibility guard wants a recorded reason.
    body["override_reason"] = "uji presisi angka besar"
    response = _post(client, logistics_headers, json.dumps(body))
    assert response.status_code == 201, response.json
    with app.app_context():
        stored = sorted(db.session.scalars(db.select(ShipmentItem.quantity)))
    assert stored == [0.001, 1234567.891]
    public = client.get(f"/api/v1/shipments/{response.json['id']}", headers=logistics_headers)
    assert sorted(i["quantity"] for i in public.json["items"]) == [0.001, 1234567.891]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"])
def test_dispatch_time_in_year_1_or_9999_answers_422(
    client, logistics_headers, new_shipment, moment
):
    shipment = new_shipment()
    raw = json.dumps({"version": shipment["version"], "dispatched_at": moment})
    response = _post(
        client, logistics_headers, raw, path=f"/api/v1/shipments/{shipment['id']}/dispatch"
    )
    assert response.status_code == 422
    assert "dispatched_at" in response.json["error"]["fields"]


def test_assessment_in_year_1_answers_422(client, logistics_headers, scenario):
    raw = json.dumps(
        {
            "event_id": scenario["event_id"],
            "village_code": "36.02.25.2003",
            "assessed_at": "0001-01-01T00:00:00+07:00",
            "affected_persons": 3,
        }
    )
    response = _post(client, logistics_headers, raw, path="/api/v1/assessments")
    assert response.status_code == 422
    assert "assessed_at" in response.json["error"]["fields"]


def _chunked(client, headers, body: bytes):
    """POST a body the way a server passes a chunked one: no Content-Length, input terminated."""
    builder = EnvironBuilder(
        path="/api/v1/shipments",
        method="POST",
        input_stream=io.BytesIO(body),
        headers={**headers, "Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    environ = builder.get_environ()
    del environ["CONTENT_LENGTH"]
    # Straight to the WSGI app: the test client would rebuild the environ with a length.
    body_iter, status, headers = run_wsgi_app(client.application, environ)
    return Response(b"".join(body_iter), status=status, headers=headers)


def test_chunked_body_past_the_api_limit_answers_413(app, client, logistics_headers):
    limit = app.config["API_MAX_BODY"]
    body = b'{"notes": "' + b"x" * (limit + 10) + b'"}'
    response = _chunked(client, logistics_headers, body)
    assert response.status_code == 413, response.json
    assert response.json["error"]["code"] == "payload_too_large"


def test_chunked_body_within_the_limit_is_read(client, logistics_headers, shipment_body):
    response = _chunked(client, logistics_headers, json.dumps(shipment_body()).encode())
    assert response.status_code == 201, response.json
