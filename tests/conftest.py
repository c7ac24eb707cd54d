"""Fixtures shared by the whole suite.

The database is chosen by RELIEF_TEST_DATABASE (a SQLAlchemy URL; `make test` runs the suite
once on SQLite and once on TEST_DATABASE_URL). The schema and the reference data (areas,
commodities, norms) are built once per run; every other table is emptied after each test.
"""

import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import undefer

from relief import create_app
from relief.areas import postgis
from relief.config import normalise_database_url
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories

REFERENCE_TABLES = {"area", "geometry_revision", "commodity", "commodity_unit", "norm"}
# RELIEF_SHARED points elsewhere when the repository is not a sibling of shared/ (worktrees).
SHARED = Path(
    os.environ.get("RELIEF_SHARED") or Path(__file__).resolve().parents[1].parent / "shared"
)


def _database_url(tmp_dir: str) -> str:
    url = os.environ.get("RELIEF_TEST_DATABASE")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_dir}/test.db"


@pytest.fixture(scope="session")
def app():
    """One application for the run, with a fresh schema and the reference data."""
    tmp_dir = tempfile.mkdtemp(prefix="relief-test-")
    application = create_app(
        {
            "CONFIG_KIND": "testing",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_dir),
            "DEMO_MODE": True,
            "CACHE_VERSION_DIR": f"{tmp_dir}/page-versions",  # not under the repo's instance/
        }
    )
    with application.app_context():
        db.drop_all()
        _drop_leftovers()
        db.create_all()
        _install_postgis()
        from relief.areas.boundary_import import load_approximate
        from relief.areas.facts import read_facts
        from relief.areas.services import load_areas
        from relief.catalog.services import install_defaults

        load_areas(read_facts())
        load_approximate()  # the project's approximate polygons: about 2 s
        install_defaults()
        commit_write()
        _keep_reference_audit()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


# The audit entries that record the reference rows (norms): every test's chain starts with
# them, so that `audit verify` finds those rows recorded (tests/conftest.py restores them).
_REFERENCE_AUDIT: dict = {}


def _keep_reference_audit() -> None:
    for name in ("audit_entry", "audit_head"):
        table = db.metadata.tables[name]
        _REFERENCE_AUDIT[name] = [dict(r._mapping) for r in db.session.execute(select(table))]


def _restore_reference_audit() -> None:
    for name in ("audit_entry", "audit_head"):
        if _REFERENCE_AUDIT.get(name):
            db.session.execute(db.metadata.tables[name].insert(), _REFERENCE_AUDIT[name])


def _install_postgis() -> None:
    """What the PostGIS migration adds (create_all does not know it), so that a PostgreSQL run
    tests the PostGIS lookups; under CI a PostgreSQL without PostGIS fails the run."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.begin() as connection:
        installed = postgis.install(connection)
    if not installed and os.environ.get("CI"):
        pytest.fail("PostGIS is missing on the PostgreSQL test database (CI must test it)")


def _drop_leftovers() -> None:
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        commit_write()


@pytest.fixture(autouse=True)
def _rate_limits_off():
    """Flask-Limiter's switch is process-wide: an app built with limits on must not leak them."""
    yield
    from relief.extensions import limiter

    limiter.enabled = False
    if getattr(limiter, "_storage", None) is not None:
        limiter.reset()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Empty every non-reference table after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(delete(table))
        _restore_reference_audit()
        commit_write()
        db.session.remove()


@pytest.fixture(scope="session")
def _area_snapshot(app):
    """Every area row (geometry included) and the geometry revision as loaded for the run."""
    from relief.areas.models import Area, GeometryRevision

    with app.app_context():
        rows = [
            {c.key: getattr(a, c.key) for c in Area.__table__.columns}
            for a in db.session.scalars(select(Area).options(undefer("*")))
        ]
        revision = db.session.scalar(select(GeometryRevision.value))
        db.session.remove()
    return rows, revision


@pytest.fixture
def restore_areas(app, _area_snapshot):
    """For tests that import boundaries: put the area table back as it was afterwards."""
    from relief.areas.models import Area, GeometryRevision

    yield
    rows, revision = _area_snapshot
    with app.app_context():
        db.session.rollback()
        known = {row["code"] for row in rows}
        added = set(db.session.scalars(select(Area.code))) - known
        # Children before parents: longer codes first.
        for code in sorted(added, key=len, reverse=True):
            db.session.execute(delete(Area).where(Area.code == code))
        db.session.execute(update(Area), rows)
        db.session.execute(update(GeometryRevision).values(value=revision))
        commit_write()
        db.session.remove()


@pytest.fixture
def app_ctx(app):
    """An application context for tests that call services directly."""
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def request_ctx(app):
    """A request context, for code that reads the request's language or session."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def client(app):
    """A test client; its requests commit like real ones."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Factory: a committed user with a role; returns (user id, username, password)."""

    def make(
        role: str = "logistics",
        username: str | None = None,
        password: str = "rahasia2020",
        area_codes: list[str] | None = None,
        organisation_id: int | None = None,
    ):
        with app.app_context():
            user = factories.user(role, username, password, area_codes, organisation_id)
            commit_write()
            return user.id, user.username, password

    return make


@pytest.fixture
def login_as(client, make_user):
    """Sign the test client in with a new user of a role; returns the username."""

    def login(role: str) -> str:
        _, username, password = make_user(role)
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.data[:500]
        return username

    return login


@pytest.fixture
def token_for(app, make_user):
    """Factory: an `Authorization` header for a new user of a role."""
    from relief.auth.models import User

    def token(role: str, area_codes: list[str] | None = None) -> dict:
        user_id, _, _ = make_user(role, area_codes=area_codes)
        with app.app_context():
            value = factories.token(db.session.get(User, user_id))
            commit_write()
        return {"Authorization": f"Bearer {value}"}

    return token


@pytest.fixture
def shared_geodata() -> Path:
    """../shared/geodata with the real Banten boundaries; skips where it is absent."""
    folder = SHARED / "geodata"
    if not folder.is_dir():
        pytest.skip("../shared/geodata is absent (real boundary files live there)")
    return folder


@pytest.fixture
def live_server(app):
    """The app served on a free local port in a background thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    """Headless Debian Chromium through Playwright; skips without it unless CI is set."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing at /usr/bin/chromium (CI must run browser tests)")
        pytest.skip("install Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(chromium),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-sync",
                "--disable-component-update",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def browser_login(live_server, make_user):
    """Factory: sign a new user of a role in on a Playwright page."""

    def login(page, role: str) -> None:
        _, username, password = make_user(role)
        page.goto(f"{live_server}/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button.primary")
        page.wait_for_url(lambda url: "/login" not in url)

    return login
