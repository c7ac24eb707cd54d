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


def _ends(app, work) -> list[str]:
    """The statements a context runs, its own work and the end's, on the app's engine."""
    from sqlalchemy import event

    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", note)
        try:
            with app.app_context():
                work()
        finally:
            event.remove(engine, "before_cursor_execute", note)
    return seen


def test_a_context_of_plain_reads_ends_without_asking_the_server(app):
    """Only SELECTs ran: nothing can have been written, so the end commits without the
    transaction-id question (one round trip less for every page that only reads)."""
    from relief.core.database import UNWRITTEN

    def reads():
        db.session.scalar(select(Commodity.name_id).where(Commodity.code == "rice"))
        db.session.execute(text("WITH c AS (SELECT code FROM commodity) SELECT count(*) FROM c"))

    assert UNWRITTEN not in _ends(app, reads)


@pytest.mark.parametrize(
    "statement, sqlite_has_it",
    [
        ("SELECT code FROM commodity WHERE code = 'rice' FOR UPDATE", False),
        ("UPDATE commodity SET name_id = 'Beras X' WHERE code = 'rice'", True),
        (
            "WITH moved AS (UPDATE commodity SET name_id = 'Beras X' WHERE code = 'rice'"
            " RETURNING code) SELECT count(*) FROM moved",
            False,
        ),
    ],
)
def test_a_statement_that_may_write_leaves_the_question_to_the_server(
    app, statement, sqlite_has_it
):
    """A row lock, an UPDATE, an UPDATE inside WITH: the server is asked, and the writes are
    rolled back as before."""
    from relief.core.database import UNWRITTEN

    with app.app_context():
        if db.engine.dialect.name == "sqlite" and not sqlite_has_it:
            pytest.skip("SQLite has no row locks and no data-modifying WITH")
    before = _name(app)
    seen = _ends(app, lambda: db.session.execute(text(statement)))
    assert _name(app) == before
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    assert (UNWRITTEN in seen) == postgresql


def test_what_counts_as_a_plain_read():
    from relief.core.database import _is_plain_read

    assert _is_plain_read("SELECT area.code FROM area WHERE area.code = %(c)s")
    assert _is_plain_read("  with latest AS (SELECT 1) SELECT * FROM latest")
    assert _is_plain_read("SELECT updated_at, deleted_flag FROM t")  # words inside names
    for statement in (
        "SELECT * FROM t FOR SHARE",
        "select * from t for no key update",
        "SELECT * INTO copy FROM t",
        "WITH x AS (DELETE FROM t RETURNING id) SELECT id FROM x",
        "INSERT INTO t VALUES (1)",
        "SELECT nextval('shipment_id_seq')",
        "SET LOCAL statement_timeout = 1000",
        "BEGIN",
    ):
        assert not _is_plain_read(statement), statement
