"""CSRF: forms need the token; JSON API calls with a bearer token do not."""

import pytest

from relief import create_app


@pytest.fixture
def csrf_client(app):
    """A client of an app with CSRF protection on, sharing the test database."""
    strict = create_app(
        {
            "CONFIG_KIND": "testing",
            "WTF_CSRF_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    return strict.test_client()


def test_login_form_without_csrf_token_is_refused(csrf_client, make_user):
    _, username, password = make_user("logistics")
    response = csrf_client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 400


def test_api_token_and_bearer_post_work_with_csrf_enabled(csrf_client, make_user):
    _, username, password = make_user("logistics")
    response = csrf_client.post(
        "/api/v1/auth/token", json={"username": username, "password": password}
    )
    assert response.status_code == 201
