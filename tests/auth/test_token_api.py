"""Token sign-in through the API."""


def test_token_issued_for_valid_credentials_and_works_as_bearer(client, make_user):
    _, username, password = make_user("logistics")
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 201
    token = response.json["token"]
    areas = client.get("/api/v1/areas?level=regency", headers={"Authorization": f"Bearer {token}"})
    assert areas.status_code == 200
    assert areas.json["total"] == 8


def test_wrong_password_answers_401_in_the_error_envelope(client, make_user):
    _, username, _ = make_user("logistics")
    response = client.post("/api/v1/auth/token", json={"username": username, "password": "x"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_unknown_field_in_token_request_is_rejected_with_field_message(client):
    response = client.post("/api/v1/auth/token", json={"username": "a", "password": "b", "x": 1})
    assert response.status_code == 422
    assert "x" in response.json["error"]["fields"]
