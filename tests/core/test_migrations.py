"""The migrations build exactly the schema the models describe."""

import os

import pytest

from relief import create_app
from relief.unit_of_work import commit_write


def test_upgrade_from_empty_matches_the_models(tmp_path):
    app = create_app(
        {"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"}
    )
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output


def test_upgrade_keeps_rows_that_reference_rebuilt_tables(tmp_path):
    """SQLite rebuilds `resident_report` to add its alert key: referencing rows survive, and a
    link to an alert that does not exist is cleared rather than blocking the upgrade."""
    from sqlalchemy import text

    from relief.extensions import db

    app = create_app(
        {"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.db"}
    )
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "bc9c421fcdc8"]).exit_code == 0
    at = "2020-01-04 07:00:00.000000"
    with app.app_context():
        db.session.execute(
            text("INSERT INTO area (code, name, level) VALUES ('36', 'Banten', 'province')")
        )
        db.session.execute(
            text(
                "INSERT INTO resident_report (id, tracking_code, village_code, category, text, "
                "channel, state, alert_id, created_at, updated_at) VALUES (1, 'ABCDE-FGHJK', '36', "
                "'not_received', 'belum ada', 'web', 'received', 42, :at, :at)"
            ),
            {"at": at},
        )
        db.session.execute(
            text(
                "INSERT INTO resident_report_change (report_id, action, to_state, at, by_label, "
                "note) VALUES (1, 'create', 'received', :at, 'public', '')"
            ),
            {"at": at},
        )
        commit_write()
        db.engine.dispose()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    with app.app_context():
        assert db.session.execute(text("SELECT id, alert_id FROM resident_report")).all() == [
            (1, None)
        ]
        assert db.session.scalar(text("SELECT count(*) FROM resident_report_change")) == 1
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []


@pytest.fixture
def empty_postgres():
    """A new, empty database on the test PostgreSQL server (skips on SQLite runs)."""
    url = os.environ.get("RELIEF_TEST_DATABASE", "")
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL runs only (RELIEF_TEST_DATABASE)")
    from sqlalchemy import create_engine, make_url, text

    from relief.config import normalise_database_url

    base = make_url(normalise_database_url(url))
    name = f"{base.database}_migrations"
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def test_postgresql_upgrade_from_empty_matches_the_models(empty_postgres):
    """`make serve` runs `db upgrade` on PostgreSQL: every migration, including the indexes
    built CONCURRENTLY outside the transaction, and a second run changes nothing; the last
    migration goes down (dropping them CONCURRENTLY) and up again."""
    from sqlalchemy import text

    from relief.extensions import db

    app = create_app({"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": empty_postgres})
    runner = app.test_cli_runner()

    def indexes() -> tuple[int, int]:
        with app.app_context():
            invalid = db.session.scalar(
                text(
                    "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE NOT i.indisvalid AND c.relname LIKE 'ix_shipment_dest_event_%'"
                )
            )
            built = db.session.scalar(
                text(
                    "SELECT count(*) FROM pg_indexes"
                    " WHERE indexname LIKE 'ix_shipment_dest_event_%'"
                )
            )
            db.session.remove()
            db.engine.dispose()
        return built, invalid

    for _ in range(2):
        upgrade = runner.invoke(args=["db", "upgrade"])
        assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
    assert indexes() == (2, 0)
    down = _while_a_write_is_open_on_shipment(
        empty_postgres, runner, ["db", "downgrade", "5b7e2c1f9a44"]
    )
    assert down.exit_code == 0, down.output
    assert indexes() == (0, 0)
    up = _while_a_write_is_open_on_shipment(empty_postgres, runner, ["db", "upgrade"])
    assert up.exit_code == 0, up.output
    assert indexes() == (2, 0)


def _while_a_write_is_open_on_shipment(url: str, runner, args: list[str]):
    """Run the CLI command while a long transaction is writing to `shipment`, and check that
    another shipment write can still take its lock while the command waits for the first: a
    plain CREATE or DROP INDEX queues for a lock that writes conflict with (SHARE, ACCESS
    EXCLUSIVE), and every new write then queues behind it."""
    import threading
    import time

    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    result = {}
    try:
        with engine.connect() as first, engine.connect() as writer:
            first.execute(text("LOCK TABLE shipment IN ROW EXCLUSIVE MODE"))  # as an INSERT
            command = threading.Thread(target=lambda: result.update(out=runner.invoke(args=args)))
            command.start()
            waiting, deadline = 0, time.monotonic() + 20
            while not waiting and "out" not in result and time.monotonic() < deadline:
                time.sleep(0.05)
                waiting = writer.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        " AND query ILIKE '%INDEX%ix_shipment_dest_event_%'"
                    )
                )
                writer.rollback()
            assert waiting, f"the index command did not wait for the open write: {result}"
            writer.execute(text("SET lock_timeout = '3s'"))
            writer.execute(text("LOCK TABLE shipment IN ROW EXCLUSIVE MODE"))
            writer.rollback()
            first.rollback()
            command.join(timeout=30)
    finally:
        engine.dispose()
    return result["out"]
