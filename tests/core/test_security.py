"""Security headers and production start-up refusals."""

import pytest

from relief import create_app
from relief.unit_of_work import commit_write

EXPECTED_HEADERS = {
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
}


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/events", "/api/v1/openapi.json"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert EXPECTED_HEADERS <= set(response.headers.keys())


def test_csp_allows_only_own_origin_scripts_with_nonce(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'self'" in script_src and "'nonce-" in script_src
    assert "unsafe-inline" not in script_src and "http" not in script_src
    assert "frame-ancestors 'none'" in csp


def test_api_docs_page_loads_assets_from_own_origin(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_production_refuses_default_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"CONFIG_KIND": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_session_cookie_is_secure_httponly_samesite(tmp_path):
    app = create_app(
        {
            "CONFIG_KIND": "production",
            "SECRET_KEY": "s" * 40,
            "AUDIT_KEY": "k" * 40,
            "DEMO_MODE": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_database_with_demo_users(tmp_path):
    from relief.auth.services import create_user
    from relief.auth.startup import refuse_demo_users
    from relief.extensions import db

    app = create_app(
        {
            "CONFIG_KIND": "production",
            "SECRET_KEY": "s" * 40,
            "AUDIT_KEY": "k" * 40,
            "DEMO_MODE": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    with app.app_context():
        db.create_all()
        create_user("admin", "Demo", "admin", "bantuan2020", is_demo=True)
        commit_write()
    with pytest.raises(RuntimeError, match="demo accounts"):
        refuse_demo_users(app)


def test_production_refuses_to_start_without_an_audit_key(tmp_path):
    with pytest.raises(RuntimeError, match="AUDIT_KEY"):
        create_app(
            {
                "CONFIG_KIND": "production",
                "SECRET_KEY": "s" * 40,
                "DEMO_MODE": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
            }
        )


def test_templates_have_no_inline_event_handlers_the_csp_would_block():
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r"\son(click|load|change|submit|input)=", path.read_text())
    ]
    assert offenders == []


def test_the_site_icon_is_served_at_favicon_ico(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
