"""How a context's transaction ends: written and uncommitted work is always rolled back; on
PostgreSQL a transaction that wrote nothing is committed, which keeps the statements psycopg
prepared on the server (a ROLLBACK deallocates them, and each request re-planned the village
page's statements)."""

import pytest
from sqlalchemy import select, text, update

from relief.catalog.models import Commodity
from relief.extensions import db


def _name(app) -> str:
    with app.app_context():
        return db.session.scalar(select(Commodity.name_id).where(Commodity.code == "rice"))


def test_an_unflushed_change_is_not_committed_by_the_teardown(app):
    before = _name(app)
    with app.app_context():
        db.session.get(Commodity, "rice").name_id = "Beras (diubah)"
    assert _name(app) == before


def test_a_flushed_change_is_rolled_back(app):
    before = _name(app)
    with app.app_context():
        db.session.get(Commodity, "rice").name_id = "Beras (diubah)"
        db.session.flush()
    assert _name(app) == before


def test_a_core_update_the_session_does_not_track_is_rolled_back(app):
    """The session sees nothing dirty; PostgreSQL's transaction id says it wrote."""
    before = _name(app)
    with app.app_context():
        db.session.execute(
            update(Commodity).where(Commodity.code == "rice").values(name_id="Beras (diubah)")
        )
        assert not (db.session.new or db.session.dirty)
    assert _name(app) == before


def test_a_context_that_fails_is_rolled_back(app):
    before = _name(app)
    with pytest.raises(ZeroDivisionError):
        with app.app_context():
            db.session.execute(
                update(Commodity).where(Commodity.code == "rice").values(name_id="Beras X")
            )
            1 / 0  # noqa: B018
    assert _name(app) == before


def test_a_read_only_request_keeps_prepared_statements(app, client):
    """Six reads prepare a statement (psycopg's threshold is five); the request ends with
    COMMIT, so the server still holds it afterwards. SQLite has nothing to keep: its read
    simply ends."""
    with app.app_context():
        for _ in range(6):
            db.session.execute(text("SELECT code FROM commodity WHERE code = :c"), {"c": "rice"})
        raw = db.session.connection().connection.dbapi_connection
        engine = db.engine.dialect.name
    # the context has ended: its session is gone, the connection is back in the pool
    if engine != "postgresql":
        assert _name(app)  # still readable; nothing else to keep
        return
    held = raw.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]
    raw.rollback()
    assert held >= 1
    answer = client.get("/desa/36.02.25.2004")
    assert answer.status_code in (200, 404)


def test_an_object_read_in_a_context_stays_readable_after_it(app):
    """The COMMIT that ends a read does not expire what it loaded: code holding a row past its
    context reads it detached, as after the rollback before."""
    with app.app_context():
        rice = db.session.get(Commodity, "rice")
    assert rice.name_id  # no DetachedInstanceError
