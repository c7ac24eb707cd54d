"""Notification delivery against the write path: request time and duplicate sends.

Measures, on a fresh SQLite database with a local webhook receiver:
- the time of one delivery request (POST /api/v1/shipments/<id>/deliver) that raises an
  alert while the receiver takes `--slow` seconds to answer;
- duplicate sends when `--writers` delivery requests that each raise an alert run at once
  over a backlog of `--backlog` pending messages (receiver answering in 0.2 s).

Runs on this checkout; on a checkout without the job queue (before issue 11) it measures the
request-teardown sending. With the queue, a worker process (`flask --app wsgi worker`) sends.

Usage: .venv/bin/python bench/notify_bench.py [--slow 5] [--writers 2] [--backlog 11]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VILLAGES = [
    "36.02.25.2001",
    "36.02.25.2002",
    "36.02.25.2003",
    "36.02.25.2004",
    "36.02.25.2005",
    "36.02.25.2006",
]


class Hook(BaseHTTPRequestHandler):
    """Records each POSTed document, answers after `server.delay` seconds."""

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.documents.append(body)
        time.sleep(self.server.delay)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        """Quiet."""


def start_hook(delay: float) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    server.daemon_threads, server.documents, server.delay = True, [], delay
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--backlog", type=int, default=11)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="notify-bench-")
    hook = start_hook(args.slow)
    env = {
        "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
        "RELIEF_CONFIG": "default",
        "DEMO_MODE": "1",
        "REDIS_URL": "",
        "ALERT_WEBHOOK_URL": f"http://127.0.0.1:{hook.server_address[1]}/hook",
        "ALERT_WEBHOOK_SECRET": "s",
        "MAIL_HOST": "",
        "ALERT_NOTIFY_TIMEOUT_S": "30",
        "PUBLIC_PAGE_CACHE": "0",
        "RATELIMIT_ENABLED": "0",
        "GEODATA_CACHE_DIR": "",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from relief import create_app
    from relief.extensions import db

    app = create_app(
        {
            "ALERT_WEBHOOK_URL": env["ALERT_WEBHOOK_URL"],
            "ALERT_WEBHOOK_SECRET": "s",
            "ALERT_NOTIFY_TIMEOUT_S": 30,
            "CACHE_VERSION_DIR": f"{tmp}/versions",
            "WTF_CSRF_ENABLED": False,
        }
    )
    has_queue = "JOBS_IMMEDIATE" in app.config
    with app.app_context():
        db.create_all()
        from relief.areas.facts import read_facts
        from relief.areas.services import load_areas
        from relief.catalog.services import install_defaults

        load_areas(read_facts())
        install_defaults()
        db.session.commit()
    fixtures = _fixtures(app, db, args.backlog)
    worker = None
    if has_queue:
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=open(f"{tmp}/worker.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        for _ in range(600):  # the app takes seconds to build on a busy machine
            if b"worker:" in Path(f"{tmp}/worker.log").read_bytes():
                break
            time.sleep(0.1)
    client = app.test_client()
    try:
        elapsed = _deliver(client, fixtures, VILLAGES[0])
        print(
            f"delivery request with a {args.slow:.0f} s receiver: {elapsed:.2f} s "
            f"({'job queue' if has_queue else 'request teardown'})"
        )
        _wait_quiet(hook)
        print(f"  (the receiver got {len(hook.documents)} message(s) meanwhile)")
        hook.delay = 0.2
        hook.documents.clear()
        _backlog(app, db, fixtures, args.backlog)
        threads = [
            threading.Thread(target=_deliver_logged, args=(app, fixtures, v))
            for v in VILLAGES[1 : 1 + args.writers]
        ]
        [t.start() for t in threads]
        [t.join() for t in threads]
        _wait_quiet(hook)
        keys = [(d.get("id"), d.get("trigger"), d.get("kind")) for d in hook.documents]
        print(
            f"{args.writers} concurrent writes over a backlog of {args.backlog}: "
            f"{len(keys)} sends for {len(set(keys))} messages, "
            f"{len(keys) - len(set(keys))} duplicates"
        )
    finally:
        with app.app_context():
            from sqlalchemy import func, select

            from relief.alerts.models import NotificationAttempt

            print(
                "  messages by channel and status:",
                db.session.execute(
                    select(
                        NotificationAttempt.channel, NotificationAttempt.status, func.count()
                    ).group_by(NotificationAttempt.channel, NotificationAttempt.status)
                ).all(),
            )
        print(f"  (worker log: {tmp}/worker.log)")
        if worker is not None:
            worker.terminate()
            worker.wait(20)


def _wait_quiet(hook, quiet: float = 3.0, limit: float = 120) -> None:
    """Until the receiver got nothing new for `quiet` seconds."""
    deadline, count, since = time.monotonic() + limit, -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(hook.documents) != count:
            count, since = len(hook.documents), time.monotonic()
        elif time.monotonic() - since > quiet:
            return
        time.sleep(0.2)


def _fixtures(app, db, backlog: int) -> dict:
    from relief.auth.models import User
    from relief.auth.services import create_user, issue_token
    from relief.core.models import utcnow
    from relief.events.models import Event
    from relief.logistics.models import Depot

    with app.app_context():
        start = (utcnow() - timedelta(days=4)).date()
        event = Event(
            code="BENCH",
            name="Banjir bench",
            started_on=start,
            emergency_until=start + timedelta(days=27),
        )
        depot = Depot(name="BPBD Lebak", kind="gudang", regency_code="36.02", lat=-6.36, lon=106.25)
        db.session.add_all([event, depot])
        user = create_user("benchlog", "Bench", "logistics", "rahasia2020")
        db.session.commit()
        token = issue_token(db.session.get(User, user.id))
        db.session.commit()
        return {
            "event_id": event.id,
            "origin_depot_id": depot.id,
            "headers": {"Authorization": f"Bearer {token}"},
        }


def _backlog(app, db, fixtures: dict, count: int) -> None:
    """`count` alerts with a message each waiting to be sent (as after a receiver outage)."""
    from sqlalchemy import select

    from relief.alerts.models import Alert, fingerprint_of
    from relief.alerts.notify import enqueue
    from relief.areas.models import Area
    from relief.core.models import utcnow

    with app.app_context():
        now = utcnow()
        codes = [
            a.code
            for a in db.session.scalars(
                select(Area)
                .where(Area.level == "village", Area.district_code == "36.02.01")
                .order_by(Area.code)
                .limit(count)
            )
        ]
        for code in codes:
            alert = Alert(
                fingerprint=fingerprint_of("no_delivery", fixtures["event_id"], code, None),
                kind="no_delivery",
                event_id=fixtures["event_id"],
                village_code=code,
                regency_code="36.02",
                level="critical",
                category="tidak_kompeten",
                suggested_category="tidak_kompeten",
                opening_facts={},
                facts={},
                opened_at=now,
                evaluated_at=now,
                state="open",
                response_due_at=now + timedelta(days=3),
                resolution_due_at=now + timedelta(days=14),
            )
            db.session.add(alert)
            db.session.flush()
            enqueue(alert, "opened")
        db.session.commit()


def _deliver_logged(app, fixtures: dict, village: str) -> None:
    try:
        _deliver(app.test_client(), fixtures, village)
    except Exception as error:  # noqa: BLE001 - a bench reports, then goes on
        print(f"  write to {village} failed: {error!r}")


def _deliver(client, fixtures: dict, village: str) -> float:
    """Log, dispatch and deliver a shipment 73 h ago (no receipt: "unconfirmed" fires);
    answers the time of the delivery request alone."""
    from sqlalchemy import update

    from relief.core.models import utcnow
    from relief.extensions import db
    from relief.logistics.models import Shipment

    at = (utcnow() - timedelta(hours=73)).isoformat()
    headers = fixtures["headers"]
    body = {
        "event_id": fixtures["event_id"],
        "origin_depot_id": fixtures["origin_depot_id"],
        "destination_code": village,
        "items": [{"commodity": "rice", "quantity": 2, "unit": "sack25"}],
    }
    created = client.post("/api/v1/shipments", json=body, headers=headers).json
    with client.application.app_context():
        db.session.execute(
            update(Shipment)
            .where(Shipment.id == created["id"])
            .values(created_at=utcnow() - timedelta(hours=74))
        )
        db.session.commit()
    sent = client.post(
        f"/api/v1/shipments/{created['id']}/dispatch",
        headers=headers,
        json={"version": created["version"], "dispatched_at": at},
    ).json
    started = time.perf_counter()
    done = client.post(
        f"/api/v1/shipments/{created['id']}/deliver",
        headers=headers,
        json={"version": sent["version"], "delivered_at": at},
    )
    elapsed = time.perf_counter() - started
    assert done.status_code == 200, done.json
    return elapsed


if __name__ == "__main__":
    main()
