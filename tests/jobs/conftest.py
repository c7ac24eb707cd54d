"""A real queue (a SQLite file) shared by the test app and worker processes started here."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from huey.storage import SqliteStorage

from relief.core.jobs import QUEUE_NAME, queue
from tests.alerts.conftest import (  # noqa: F401 - shared factories
    alerts_of,
    assess,
    logistics,
    make_alert,
    ombudsman,
    scenario,
    ship,
)

ROOT = Path(__file__).resolve().parents[2]
SECRET = "rahasia-webhook"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def real_queue(app, tmp_path, monkeypatch):
    """Jobs go to a SQLite queue file instead of running in the caller (restored after)."""
    path = tmp_path / "jobs.sqlite"
    previous = queue.use(app, SqliteStorage(QUEUE_NAME, filename=str(path)))
    monkeypatch.setitem(app.config, "JOBS_SQLITE_PATH", str(path))
    monkeypatch.setitem(app.config, "JOBS_IMMEDIATE", False)
    yield path
    queue.use(app, previous["storage"], previous["immediate"])


@pytest.fixture
def webhook(app, monkeypatch):
    """Point the webhook channel (only) at a port on 127.0.0.1; returns the port."""
    port = free_port()
    for key, value in {
        "MAIL_HOST": "",
        "ALERT_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
        "ALERT_WEBHOOK_SECRET": SECRET,
        "ALERT_NOTIFY_TIMEOUT_S": 8,
        "ALERT_NOTIFY_BACKOFF_S": 0.5,
        "ALERT_NOTIFY_LEASE_S": 2,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return port


@pytest.fixture
def start_worker(app, real_queue, tmp_path):
    """Start `flask --app wsgi worker` processes on the test database and queue file."""
    started = []
    config = app.config
    env = dict(
        os.environ,
        RELIEF_CONFIG="default",
        DEMO_MODE="1",
        REDIS_URL="",
        DATABASE_URL=config["SQLALCHEMY_DATABASE_URI"],
        JOBS_SQLITE_PATH=str(real_queue),
        JOBS_IMMEDIATE="0",
        GEODATA_CACHE_DIR="",
        PUBLIC_BASE_URL=config["PUBLIC_BASE_URL"],
        MAIL_HOST="",
        ALERT_WEBHOOK_URL=config["ALERT_WEBHOOK_URL"],
        ALERT_WEBHOOK_SECRET=config["ALERT_WEBHOOK_SECRET"] or "",
        ALERT_NOTIFY_TIMEOUT_S=str(config["ALERT_NOTIFY_TIMEOUT_S"]),
        ALERT_NOTIFY_BACKOFF_S=str(config["ALERT_NOTIFY_BACKOFF_S"]),
        ALERT_NOTIFY_LEASE_S=str(config["ALERT_NOTIFY_LEASE_S"]),
        PUBLIC_PAGE_CACHE="0",
        CACHE_VERSION_DIR=str(tmp_path / "versions"),
    )

    def start() -> subprocess.Popen:
        """A worker that has started consuming (building the app takes seconds when busy)."""
        path = tmp_path / f"worker-{len(started)}.log"
        log = open(path, "wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        wait_for(
            lambda: b"huey.consumer" in path.read_bytes() or process.poll() is not None, timeout=180
        )
        assert process.poll() is None, path.read_text()
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def wait_for(check, timeout: float = 30, step: float = 0.1):
    """Poll `check()` until it answers something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not reached within {timeout} s")
