"""Two deployments only: SQLite with one web process, or PostgreSQL and Redis with many."""

import subprocess
import sys
from pathlib import Path

import pytest

from relief.core.deployment import UnsupportedDeployment, check_web_workers

ROOT = Path(__file__).resolve().parents[2]


def test_one_web_process_on_sqlite_is_the_embedded_default():
    check_web_workers("sqlite:///instance/pantau.db", None, 1)


def test_several_workers_on_sqlite_are_refused_with_the_way_out():
    with pytest.raises(UnsupportedDeployment, match="PostgreSQL"):
        check_web_workers("sqlite:///instance/pantau.db", "redis://127.0.0.1:6379/0", 3)


def test_several_workers_without_redis_are_refused():
    with pytest.raises(UnsupportedDeployment, match="REDIS_URL"):
        check_web_workers("postgresql+psycopg://db/relief", None, 3)


def test_postgresql_and_redis_take_many_workers():
    check_web_workers("postgresql+psycopg://db/relief", "redis://127.0.0.1:6379/0", 5)


def test_gunicorn_refuses_to_start_several_workers_on_sqlite(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [
            str(gunicorn),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--workers",
            "3",
            "--bind",
            "127.0.0.1:0",
            "wsgi:app",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "DEMO_MODE": "1",
            "PYTHONPATH": str(ROOT),
        },
    )
    assert result.returncode != 0
    assert "SQLite serves one web process" in result.stderr
