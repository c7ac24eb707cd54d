"""Production refuses published secrets whatever the flags (issue 14, item 6); behind a
trusted proxy, rate limits count real clients (item 8)."""

import pytest

from relief import create_app
from relief.config import DEFAULT_SECRET_KEY, KNOWN_SECRET_KEYS
from relief.extensions import limiter


@pytest.mark.parametrize("secret", sorted(KNOWN_SECRET_KEYS))
@pytest.mark.parametrize("demo", [True, False])
def test_production_refuses_every_published_secret_even_in_demo_mode(tmp_path, secret, demo):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(
            {
                "CONFIG_KIND": "production",
                "SECRET_KEY": secret,
                "DEMO_MODE": demo,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
            }
        )


def test_production_with_demo_mode_and_a_real_secret_starts(tmp_path):
    app = create_app(
        {
            "CONFIG_KIND": "production",
            "SECRET_KEY": "k" * 48,
            "DEMO_MODE": True,
            "AUDIT_KEY": "a" * 48,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert app.config["SECRET_KEY"] == "k" * 48


def test_the_published_default_is_among_the_refused(tmp_path):
    assert DEFAULT_SECRET_KEY in KNOWN_SECRET_KEYS


@pytest.fixture
def behind_proxy(app):
    """A second app on the same database, rate limits on, one trusted proxy in front."""
    proxied = create_app(
        {
            "CONFIG_KIND": "testing",
            "DEMO_MODE": True,
            "RATELIMIT_ENABLED": True,
            "TRUSTED_PROXIES": 1,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    limiter.reset()
    yield proxied
    limiter.reset()
    limiter.enabled = False  # the session's app runs without limits


def test_failed_logins_of_one_client_do_not_block_another_behind_the_proxy(behind_proxy, make_user):
    _, username, password = make_user("logistics")
    client = behind_proxy.test_client()
    attacker = {"X-Forwarded-For": "203.0.113.7"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy's socket
    statuses = [
        client.post(
            "/login",
            data={"username": username, "password": "salah1234567"},
            headers=attacker,
            environ_base=proxy,
        ).status_code
        for _ in range(21)
    ]
    assert statuses[-1] == 429
    honest = behind_proxy.test_client().post(
        "/login",
        data={"username": username, "password": password},
        headers={"X-Forwarded-For": "198.51.100.20"},
        environ_base=proxy,
    )
    assert honest.status_code == 302


def test_without_trusted_proxies_forwarded_headers_are_ignored(app):
    assert app.config["TRUSTED_PROXIES"] == 0
    response = app.test_client().get("/", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.status_code == 200
    assert not hasattr(app.wsgi_app, "x_for")


def test_readme_documents_trusted_proxies_beside_the_proxy_advice():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    advice = readme.index("TLS-terminating proxy")
    assert "TRUSTED_PROXIES" in readme[advice : advice + 800]
