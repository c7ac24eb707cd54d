"""Sessions end at logout, tokens expire and can be revoked, disabled accounts stop at once
(issue 14, item 5), and login costs the same whether or not the user exists (item 10)."""

import statistics
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from relief.auth.models import ApiToken, User
from relief.core.models import utcnow
from relief.extensions import db


def _login(app, username, password):
    client = app.test_client()
    assert (
        client.post("/login", data={"username": username, "password": password}).status_code == 302
    )
    return client


def _copy_cookie(source, target):
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def test_a_cookie_copied_before_logout_stops_working_after_it(app, make_user):
    _, username, password = make_user("logistics")
    browser = _login(app, username, password)
    thief = app.test_client()
    _copy_cookie(browser, thief)
    assert thief.get("/dashboard").status_code == 200
    assert browser.post("/logout").status_code == 302
    assert thief.get("/dashboard").status_code in (302, 401)
    assert thief.get("/api/v1/shipments").status_code == 401
    minted = thief.post("/account/tokens", data={"label": "curian"})
    assert minted.status_code in (302, 401)
    with app.app_context():
        assert db.session.query(ApiToken).count() == 0


def test_signing_in_again_after_logout_works(app, make_user):
    _, username, password = make_user("logistics")
    browser = _login(app, username, password)
    browser.post("/logout")
    again = _login(app, username, password)
    assert again.get("/dashboard").status_code == 200


def _token(client, username, password) -> dict:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_tokens_expire_after_the_configured_days(app, client, make_user):
    _, username, password = make_user("logistics")
    headers = _token(client, username, password)
    assert client.get("/api/v1/shipments", headers=headers).status_code == 200
    with app.app_context():
        token = db.session.query(ApiToken).one()
        lifetime = token.expires_at - token.created_at
        assert timedelta(days=app.config["API_TOKEN_DAYS"] - 1) < lifetime
        assert lifetime <= timedelta(days=app.config["API_TOKEN_DAYS"], seconds=5)
        assert app.config["API_TOKEN_DAYS"] <= 90
        db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.get("/api/v1/shipments", headers=headers).status_code == 401


def test_owner_revokes_own_token_through_the_api(client, make_user):
    _, username, password = make_user("logistics")
    headers = _token(client, username, password)
    other = _token(client, username, password)
    listed = client.get("/api/v1/auth/tokens", headers=headers)
    assert listed.status_code == 200 and len(listed.json) == 2
    assert "token" not in listed.json[0] and "token_hash" not in listed.json[0]
    victim = max(t["id"] for t in listed.json)
    assert client.delete(f"/api/v1/auth/tokens/{victim}", headers=headers).status_code == 204
    still = [
        h for h in (headers, other) if client.get("/api/v1/shipments", headers=h).status_code == 200
    ]
    assert len(still) == 1


def test_others_cannot_revoke_or_list_a_users_tokens(client, make_user):
    _, owner, owner_pw = make_user("logistics")
    _, intruder, intruder_pw = make_user("ombudsman")
    owner_headers = _token(client, owner, owner_pw)
    intruder_headers = _token(client, intruder, intruder_pw)
    owner_token = client.get("/api/v1/auth/tokens", headers=owner_headers).json[0]
    assert (
        client.delete(
            f"/api/v1/auth/tokens/{owner_token['id']}", headers=intruder_headers
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/auth/tokens?user_id={owner_token['user_id']}", headers=intruder_headers
        ).status_code
        == 403
    )
    assert client.get("/api/v1/shipments", headers=owner_headers).status_code == 200


def test_admin_revokes_another_users_token_by_api_and_page(app, client, make_user):
    user_id, owner, owner_pw = make_user("logistics")
    _, admin, admin_pw = make_user("admin")
    first, second = _token(client, owner, owner_pw), _token(client, owner, owner_pw)
    admin_headers = _token(client, admin, admin_pw)
    tokens = client.get(f"/api/v1/auth/tokens?user_id={user_id}", headers=admin_headers).json
    assert len(tokens) == 2
    ids = sorted(t["id"] for t in tokens)
    assert client.delete(f"/api/v1/auth/tokens/{ids[0]}", headers=admin_headers).status_code == 204
    admin_browser = _login(app, admin, admin_pw)
    page = admin_browser.get(f"/admin/users/{user_id}/tokens")
    assert page.status_code == 200 and str(ids[1]) in page.text
    assert admin_browser.post(f"/admin/users/{user_id}/tokens/{ids[1]}/revoke").status_code == 302
    for headers in (first, second):
        assert client.get("/api/v1/shipments", headers=headers).status_code == 401


def test_admin_ends_every_session_and_token_of_an_account(app, client, make_user):
    user_id, owner, owner_pw = make_user("logistics")
    _, admin, admin_pw = make_user("admin")
    browser = _login(app, owner, owner_pw)
    headers = _token(client, owner, owner_pw)
    admin_browser = _login(app, admin, admin_pw)
    assert admin_browser.post(f"/admin/users/{user_id}/sessions/end").status_code == 302
    assert browser.get("/dashboard").status_code in (302, 401)
    assert client.get("/api/v1/shipments", headers=headers).status_code == 401


def test_logistics_cannot_reach_the_admin_token_page(app, make_user):
    user_id, owner, owner_pw = make_user("logistics")
    browser = _login(app, owner, owner_pw)
    assert browser.get(f"/admin/users/{user_id}/tokens").status_code == 403


def test_disabling_an_account_ends_its_sessions_and_tokens_at_once(app, client, make_user):
    user_id, owner, owner_pw = make_user("logistics")
    browser = _login(app, owner, owner_pw)
    headers = _token(client, owner, owner_pw)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(active=False))
        db.session.commit()
    assert browser.get("/dashboard").status_code in (302, 401)
    assert browser.get("/api/v1/shipments").status_code == 401
    assert client.get("/api/v1/shipments", headers=headers).status_code == 401
    assert (
        client.post(
            "/api/v1/auth/token", json={"username": owner, "password": owner_pw}
        ).status_code
        == 401
    )


def test_a_session_cookie_without_a_version_is_refused(app, make_user):
    """Cookies signed before session versions (or forged with only an id) open nothing."""
    user_id, owner, owner_pw = make_user("logistics")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    assert client.get("/dashboard").status_code in (302, 401)


@pytest.fixture
def fast_password_hashing():
    """This module measures real password hashing: the shared fast-hash fixture is off."""
    yield


def test_login_takes_the_same_time_whether_or_not_the_user_exists(client, make_user):
    from relief.auth import services

    if hasattr(services, "_absent_user_hash"):
        services._absent_user_hash.cache_clear()
    _, username, _ = make_user("logistics")

    def timed(name: str) -> float:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/auth/token", json={"username": name, "password": "salah-sekali-1"}
        )
        assert response.status_code == 401
        return time.perf_counter() - started

    timed("nobody-warmup")
    existing = statistics.median(timed(username) for _ in range(5))
    absent = statistics.median(timed("tidak-ada-orangnya") for _ in range(5))
    assert 0.5 < absent / existing < 2.0, (existing, absent)
