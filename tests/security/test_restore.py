"""`flask restore FILE` (issue 14, item 3) and owner-only backups (item 10)."""

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from relief import create_app
from relief.extensions import db

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def sqlite_app(tmp_path):
    """An application on its own SQLite file (whatever database the suite runs on)."""
    database = tmp_path / "pantau.db"
    application = create_app(
        {
            "CONFIG_KIND": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "CACHE_VERSION_DIR": str(tmp_path / "versions"),
        }
    )
    with application.app_context():
        db.create_all()
        db.session.execute(db.text("CREATE TABLE marker (n INTEGER)"))
        db.session.execute(db.text("INSERT INTO marker VALUES (1), (2), (3)"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield application, database
    with application.app_context():
        db.engine.dispose()


def _writer_left_behind(database: Path, rows: int) -> None:
    """Commit rows from another process and kill it (-9) so its WAL is never checkpointed."""
    script = textwrap.dedent("""
        import sqlite3, sys, time
        c = sqlite3.connect(sys.argv[1], isolation_level=None)
        c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
        for i in range(int(sys.argv[2])):
            c.execute("INSERT INTO marker VALUES (?)", (100 + i,))
        print("ready", flush=True); time.sleep(60)
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(database), str(rows)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "ready"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def _markers(database: Path) -> int:
    connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT count(*) FROM marker").fetchone()[0]
    finally:
        connection.close()


def test_backup_is_readable_by_its_owner_only(app, runner, tmp_path):
    target = tmp_path / "backup.copy"
    target.write_bytes(b"")
    target.chmod(0o644)  # an existing file must not keep a wider mode
    result = runner.invoke(args=["backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_restore_puts_the_backup_back_and_drops_the_stale_wal(sqlite_app, tmp_path):
    application, database = sqlite_app
    runner = application.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    assert runner.invoke(args=["backup", "--output", str(backup)]).exit_code == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    _writer_left_behind(database, 500)
    assert Path(f"{database}-wal").stat().st_size > 0
    result = runner.invoke(args=["restore", str(backup)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "integrity check ok" in result.output and "audit chain intact" in result.output
    assert not Path(f"{database}-wal").exists()
    assert _markers(database) == 3
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


def test_restore_refuses_while_another_process_holds_the_database(sqlite_app, tmp_path):
    application, database = sqlite_app
    runner = application.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    assert runner.invoke(args=["backup", "--output", str(backup)]).exit_code == 0
    script = textwrap.dedent("""
        import sqlite3, sys, time
        c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM marker")
        print("ready", flush=True); time.sleep(60)
    """)
    server = subprocess.Popen(
        [sys.executable, "-c", script, str(database)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout.readline().strip() == "ready"
        result = runner.invoke(args=["restore", str(backup)])
        assert result.exit_code != 0
        assert "in use" in result.output and str(server.pid) in result.output
    finally:
        server.kill()
        server.wait()
    assert _markers(database) == 3


def test_restore_refuses_a_file_that_is_not_a_whole_database(sqlite_app, tmp_path):
    application, database = sqlite_app
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = application.test_cli_runner().invoke(args=["restore", str(broken)])
    assert result.exit_code != 0
    assert _markers(database) == 3


def test_restore_on_postgresql_refuses_while_other_sessions_are_connected(app, runner, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL only: the SQLite case is tested above")
    import psycopg

    url = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    not_a_dump = tmp_path / "not.dump"
    not_a_dump.write_bytes(b"nothing")  # pg_restore would refuse it too: nothing can be lost
    with psycopg.connect(url) as other:
        other.execute("SELECT 1")
        result = runner.invoke(args=["restore", str(not_a_dump)])
    assert result.exit_code != 0
    assert "in use" in result.output


def test_readme_shows_only_the_restore_command():
    readme = README.read_text(encoding="utf-8")
    assert "flask --app wsgi restore" in readme
    assert "cp backup.sqlite" not in readme and "pg_restore --clean" not in readme
