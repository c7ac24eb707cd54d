"""`flask backup` writes a database copy that can be opened."""

import sqlite3

import pytest


def test_backup_writes_a_readable_copy(app, runner, tmp_path):
    target = tmp_path / "copy"
    result = runner.invoke(args=["backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        count = sqlite3.connect(target).execute("select count(*) from area").fetchone()[0]
        assert count == 1716
    else:
        pytest.importorskip("shutil")
        assert target.stat().st_size > 10_000
