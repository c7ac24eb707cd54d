"""Done means (issue 12): from an empty PostgreSQL database in production mode, with the job
worker running, the first admin comes from the command line and everything else through the
API, until a webhook receiver on this machine gets the signed alert without anyone running a
command.

Runs when RELIEF_TEST_DATABASE is PostgreSQL (it creates and drops its own database on the
same server) and the job queue exists; the web server, the worker and the commands are real
processes in production mode (RELIEF_CONFIG=production, DEMO_MODE=0). REDIS_URL (default
redis://127.0.0.1:6379/2) carries the queue and the rate limits when it answers; otherwise
the queue is a SQLite file.
"""

import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
WEBHOOK_SECRET = "rahasia-webhook-uji-go-live"
VILLAGE = "36.02.25.2003"  # Desa Lebakgedong, Kab. Lebak
OUTSIDE = "36.74.01.1001"  # Kel. Ciater, Kota Tangerang Selatan

pytestmark = [
    pytest.mark.skipif(
        not (os.environ.get("RELIEF_TEST_DATABASE") or "").startswith("postgres"),
        reason="needs RELIEF_TEST_DATABASE on PostgreSQL",
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("relief.jobs") is None, reason="needs the job queue (relief.jobs)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_url() -> str:
    url = os.environ.get("RELIEF_GO_LIVE_REDIS", "redis://127.0.0.1:6379/2")
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=1).ping()
    except Exception:  # noqa: BLE001 - no Redis: the queue is a SQLite file
        return ""
    return url


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        """Quiet."""


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database on the test server; dropped afterwards."""
    base = make_url(os.environ["RELIEF_TEST_DATABASE"].replace("postgres://", "postgresql://"))
    name = f"relief_go_live_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def production(empty_database, tmp_path):
    """Environment, command runner and process starter for production mode."""
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    receiver.received = []
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    redis_url = _redis_url()
    env = dict(
        os.environ,
        RELIEF_CONFIG="production",
        DEMO_MODE="0",
        DATABASE_URL=empty_database,
        SECRET_KEY=secrets.token_urlsafe(48),
        AUDIT_KEY=secrets.token_urlsafe(48),
        REDIS_URL=redis_url,
        JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite"),
        JOBS_IMMEDIATE="0",
        GEODATA_CACHE_DIR=str(tmp_path / "geodata-cache"),
        CACHE_VERSION_DIR=str(tmp_path / "versions"),
        MAIL_HOST="",
        ALERT_WEBHOOK_URL=f"http://127.0.0.1:{receiver.server_port}/hook",
        ALERT_WEBHOOK_SECRET=WEBHOOK_SECRET,
        ALERT_NOTIFY_BACKOFF_S="1",
        PUBLIC_BASE_URL="http://127.0.0.1",
    )
    env.pop("RELIEF_TEST_DATABASE", None)
    processes = []

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def start(*args: str) -> subprocess.Popen:
        log = open(tmp_path / f"process-{len(processes)}.log", "wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            list(args), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        processes.append((process, log))
        return process

    yield {"run": run, "start": start, "receiver": receiver, "logs": tmp_path}
    for process, log in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
    receiver.shutdown()
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter("*pantau*"):
            client.delete(key)


def _wait(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"{what}: not within {timeout} s")


class Answer:
    """An HTTP answer: status, text and its JSON."""

    def __init__(self, status: int, text: str):
        self.status_code, self.text = status, text

    def json(self):
        return json.loads(self.text)


def _http(method: str, url: str, body: dict | None = None, token: str | None = None) -> Answer:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method.upper(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local
            return Answer(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode())


def _serving(base: str) -> bool:
    try:
        return _http("get", f"{base}/api/v1/events").status_code == 200
    except OSError:
        return False


def test_a_real_event_from_an_empty_database(production):
    run, start = production["run"], production["start"]
    for step in (("db", "upgrade"), ("areas", "load-facts")):
        done = run(*step)
        assert done.returncode == 0, done.stderr[-2000:]
    made = run(
        "users",
        "create",
        "kepala",
        "--role",
        "admin",
        "--name",
        "Kepala Pusdalops",
        "--password-stdin",
        stdin="PusdalopsBanten2026\n",
    )
    assert made.returncode == 0, made.stderr[-2000:]

    port = _free_port()
    start(
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "wsgi:app",
    )
    start(sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "2")
    base = f"http://127.0.0.1:{port}"
    _wait(lambda: _serving(base), 60, "web server up")

    def call(method: str, path: str, body: dict | None = None, token: str | None = None):
        return _http(method, f"{base}/api/v1{path}", body, token or admin)

    signed_in = _http(
        "post",
        f"{base}/api/v1/auth/token",
        {"username": "kepala", "password": "PusdalopsBanten2026"},
    )
    assert signed_in.status_code == 201, signed_in.text
    admin = signed_in.json()["token"]

    defaults = call("post", "/commodities/defaults")
    assert defaults.status_code == 200 and defaults.json()["norms"] > 0, defaults.text
    now = datetime.now(UTC)
    event = call(
        "post",
        "/events",
        {
            "name": "Banjir Lebak",
            "kind": "flood",
            "started_at": (now - timedelta(days=4)).isoformat(),
            "regency_codes": ["36.02"],
        },
    )
    assert event.status_code == 201, event.text
    organisation = call(
        "post",
        "/organisations",
        {"name": "BPBD Kabupaten Lebak", "kind": "bpbd", "regency_codes": ["36.02"]},
    )
    assert organisation.status_code == 201, organisation.text
    depot = call(
        "post",
        "/depots",
        {
            "name": "Gudang BPBD Lebak",
            "regency_code": "36.02",
            "organisation_id": organisation.json()["id"],
            "lat": -6.3597,
            "lon": 106.2494,
        },
    )
    assert depot.status_code == 201, depot.text
    account = call(
        "post",
        "/users",
        {
            "username": "petugas.lebak",
            "name": "Petugas Lebak",
            "role": "logistics",
            "password": "LogistikLebak2026",
            "organisation_id": organisation.json()["id"],
            "area_codes": ["36.02"],
        },
    )
    assert account.status_code == 201, account.text
    logistics = _http(
        "post",
        f"{base}/api/v1/auth/token",
        {"username": "petugas.lebak", "password": "LogistikLebak2026"},
    ).json()["token"]

    body = {
        "event_id": event.json()["id"],
        "origin_depot_id": depot.json()["id"],
        "destination_code": VILLAGE,
        "items": [{"commodity": "rice", "quantity": 2, "unit": "sack25"}],
    }
    inside = call("post", "/shipments", body, token=logistics)
    assert inside.status_code == 201, inside.text
    outside = call("post", "/shipments", {**body, "destination_code": OUTSIDE}, token=logistics)
    assert outside.status_code == 403 and "36.02" in outside.json()["error"]["message"]

    shipment = inside.json()
    sent = call(
        "post",
        f"/shipments/{shipment['id']}/dispatch",
        {"version": shipment["version"]},
        token=logistics,
    )
    assert sent.status_code == 200, sent.text
    delivered = call(
        "post",
        f"/shipments/{shipment['id']}/deliver",
        {
            "version": sent.json()["version"],
            "received_by": "Kepala Desa Lebakgedong",
            "receiver_role": "Kepala Desa",
            "items": [{"commodity": "rice", "accepted": 50}],
        },
        token=logistics,
    )
    assert delivered.status_code == 200 and delivered.json()["receipt"], delivered.text

    # 600 displaced since 80 hours ago: 50 kg of rice is far below their need.
    assessment = call(
        "post",
        "/assessments",
        {
            "event_id": event.json()["id"],
            "village_code": VILLAGE,
            "assessed_at": (now - timedelta(hours=80)).isoformat(),
            "displaced_persons": 600,
            "displaced_households": 160,
            "affected_persons": 900,
            "houses_heavy": 120,
        },
        token=logistics,
    )
    assert assessment.status_code == 201, assessment.text
    assert assessment.json()["severity"] >= 4

    receiver = production["receiver"]
    _wait(lambda: receiver.received, 90, "the signed alert at the webhook receiver")
    kinds = set()
    for headers, raw in receiver.received:
        signature = {k.lower(): v for k, v in headers.items()}["x-pantau-signature"]
        expected = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), raw, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(signature, expected)
        payload = json.loads(raw)
        assert payload["village_code"] == VILLAGE
        kinds.add(payload["kind"])
    _wait(
        lambda: "undersupplied" in kinds or _more_kinds(receiver, kinds),
        60,
        "the undersupplied alert",
    )
    alerts = call("get", f"/alerts?event={event.json()['id']}&kind=undersupplied")
    assert alerts.status_code == 200 and alerts.json()["total"] >= 1, alerts.text


def _more_kinds(receiver, kinds: set) -> bool:
    for _, raw in receiver.received:
        kinds.add(json.loads(raw).get("kind"))
    return "undersupplied" in kinds
