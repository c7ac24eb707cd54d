"""The one error envelope."""


def test_unknown_api_path_answers_404_in_json_envelope(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_unknown_page_answers_html_for_browsers(client):
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert b"<html" in response.data


def test_api_body_over_limit_answers_413_before_parsing(client, app):
    body = "x" * (app.config["API_MAX_BODY"] + 1)
    response = client.post(
        "/api/v1/auth/token", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_malformed_json_answers_error_envelope_without_trace(client):
    response = client.post(
        "/api/v1/auth/token", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert "error" in response.json
    assert b"Traceback" not in response.data


def test_unexpected_exception_answers_500_without_leaking_details(tmp_path):
    from flask import Blueprint

    from relief import create_app
    from relief.core.permissions import PUBLIC, roles

    app = create_app(
        {"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.db"}
    )
    bp = Blueprint("boom_test", __name__)

    @bp.route("/api/v1/_boom")
    @roles(PUBLIC)
    def boom():
        raise RuntimeError("SELECT secret FROM table")

    app.register_blueprint(bp)
    response = app.test_client().get("/api/v1/_boom")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal_error"
    assert b"SELECT" not in response.data


def test_ids_beyond_the_database_range_are_refused_not_overflowed(client, token_for):
    headers = token_for("ombudsman")
    assert client.get("/api/v1/shipments/99999999999999999999", headers=headers).status_code == 404
    response = client.get("/api/v1/assessments?event_id=99999999999999999999", headers=headers)
    assert response.status_code == 422
    assert "event_id" in response.json["error"]["fields"]


def test_nul_characters_are_refused_before_reaching_the_database(client, token_for):
    headers = token_for("ombudsman")
    assert client.get("/api/v1/shipments?regency=%00", headers=headers).status_code == 400
    response = client.post("/api/v1/auth/token", json={"username": "a\u0000", "password": "b"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
