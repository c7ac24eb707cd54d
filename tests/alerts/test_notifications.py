"""Notifications: mail and a signed webhook sent by the delivery job after the commit.

The suite runs jobs in immediate mode (in the caller, after the commit); tests/jobs runs
them through a real queue and worker.
"""

import socket

import pytest
from sqlalchemy import select

from relief.alerts.channels import DELIVERY_HEADER, SIGNATURE_HEADER, sign
from relief.alerts.models import NotificationAttempt
from relief.extensions import db
from tests.alerts.sinks import parse, start_smtp_sink, start_webhook_receiver

SECRET = "rahasia-webhook"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def channels(app, monkeypatch):
    """Point e-mail and webhook at given ports (restored after the test)."""

    def configure(smtp_port: int, hook_url: str) -> None:
        for key, value in {
            "MAIL_HOST": "127.0.0.1",
            "MAIL_PORT": smtp_port,
            "MAIL_TO": "ombudsman@example.org",
            "ALERT_WEBHOOK_URL": hook_url,
            "ALERT_WEBHOOK_SECRET": SECRET,
            "ALERT_NOTIFY_TIMEOUT_S": 2,
        }.items():
            monkeypatch.setitem(app.config, key, value)

    return configure


def attempts(app) -> dict[str, NotificationAttempt]:
    with app.app_context():
        rows = db.session.scalars(select(NotificationAttempt)).all()
        db.session.expunge_all()
        return {row.channel: row for row in rows}


def test_new_alert_is_mailed_and_posted_signed_in_indonesian_with_a_link(
    app, channels, assess, alerts_of
):
    sink, hook = start_smtp_sink(), start_webhook_receiver()
    try:
        channels(sink.server_address[1], f"http://127.0.0.1:{hook.server_address[1]}/hook")
        # The write boundary puts the messages on the queue after its commit; the suite runs
        # jobs in immediate mode, so they are sent before assess() returns.
        assess(severity=3, hours_ago=49)
    finally:
        sink.shutdown(), hook.shutdown()
    alert = alerts_of("no_delivery")[0]
    link = f"https://pantau.example.id/alerts/{alert['id']}"
    mail = sink.messages[0]
    assert "Peringatan baru (kritis): Belum ada pengiriman" in mail
    assert "36.02.25.2003" in mail and link in mail and "village_code:" not in mail
    headers, body = hook.calls[0]
    assert headers[SIGNATURE_HEADER] == sign(body, SECRET)
    document = parse(body)
    assert document["id"] == alert["id"] and document["trigger"] == "opened"
    assert document["url"] == link and document["message"].startswith("Peringatan baru")
    # the kecamatan and kabupaten tell namesakes apart (Banten has six Banjarsari)
    assert (
        "di Desa Lebakgedong, Kec. Lebakgedong, Kab. Lebak (36.02.25.2003)," in document["message"]
    )
    rows = attempts(app)
    assert headers[DELIVERY_HEADER] == str(rows["webhook"].id)
    assert {c: a.status for c, a in rows.items()} == {
        "in_app": "sent",
        "email": "sent",
        "webhook": "sent",
    }


def test_failing_channels_do_not_block_the_write_and_are_retried_later(
    app, client, channels, ship, alerts_of, login_as
):
    channels(closed_port(), f"http://127.0.0.1:{closed_port()}/hook")
    shipment = ship(hours_ago=73)  # the write raising the alert succeeds (asserted inside)
    assert alerts_of("unconfirmed")[0]["facts"]["shipments"] == [shipment["waybill_no"]]
    failed = attempts(app)
    for channel in ("email", "webhook"):
        assert failed[channel].status == "pending" and failed[channel].attempts == 1
        assert (
            failed[channel].last_error and failed[channel].next_try_at > failed[channel].created_at
        )
    login_as("admin")
    page = client.get("/alerts/notifications")
    assert page.status_code == 200 and b"ConnectionRefusedError" in page.data


def test_webhook_gives_up_after_the_maximum_attempts(app, channels, make_alert, monkeypatch):
    from relief.alerts.delivery import deliver
    from relief.alerts.models import Alert
    from relief.alerts.notify import enqueue

    hook = start_webhook_receiver(answer=500)
    monkeypatch.setitem(app.config, "ALERT_NOTIFY_MAX_ATTEMPTS", 2)
    monkeypatch.setitem(app.config, "ALERT_NOTIFY_BACKOFF_S", 0)
    try:
        channels(closed_port(), f"http://127.0.0.1:{hook.server_address[1]}/hook")
        monkeypatch.setitem(app.config, "MAIL_HOST", "")
        with app.app_context():
            enqueue(db.session.get(Alert, make_alert()), "opened")
            db.session.commit()
            attempt_id = db.session.scalar(
                select(NotificationAttempt.id).where(NotificationAttempt.channel == "webhook")
            )
            assert deliver(attempt_id) == ("pending", 0)
            assert deliver(attempt_id) == ("failed", None)
            assert deliver(attempt_id) == ("skipped", None)  # given up: nothing claims it
    finally:
        hook.shutdown()
    assert len(hook.calls) == 2
    assert attempts(app)["webhook"].status == "failed"


def test_backoff_grows_four_times_per_attempt(app, channels, make_alert, monkeypatch):
    from relief.alerts.delivery import deliver
    from relief.alerts.models import Alert
    from relief.alerts.notify import enqueue

    channels(closed_port(), f"http://127.0.0.1:{closed_port()}/hook")
    monkeypatch.setitem(app.config, "MAIL_HOST", "")
    monkeypatch.setitem(app.config, "ALERT_NOTIFY_BACKOFF_S", 60)
    with app.app_context():
        enqueue(db.session.get(Alert, make_alert()), "opened")
        db.session.commit()
        row = db.session.scalar(
            select(NotificationAttempt).where(NotificationAttempt.channel == "webhook")
        )
        assert deliver(row.id) == ("pending", 60)
        row.next_try_at = row.created_at  # as if the minute had passed
        db.session.commit()
        assert deliver(row.id) == ("pending", 240)


def test_a_message_claimed_by_one_job_is_not_sent_by_another(
    app, channels, make_alert, monkeypatch
):
    from relief.alerts.delivery import claim, deliver
    from relief.alerts.models import Alert
    from relief.alerts.notify import enqueue

    hook = start_webhook_receiver()
    try:
        channels(closed_port(), f"http://127.0.0.1:{hook.server_address[1]}/hook")
        monkeypatch.setitem(app.config, "MAIL_HOST", "")
        with app.app_context():
            enqueue(db.session.get(Alert, make_alert()), "opened")
            db.session.commit()
            attempt_id = db.session.scalar(
                select(NotificationAttempt.id).where(NotificationAttempt.channel == "webhook")
            )
            assert claim(attempt_id)  # a first job holds it (its lease runs)
            assert deliver(attempt_id) == ("skipped", None)
    finally:
        hook.shutdown()
    assert hook.calls == []


def test_a_new_resident_report_is_announced_once_without_its_text(
    app, client, channels, scenario, monkeypatch
):
    hook = start_webhook_receiver()
    try:
        channels(closed_port(), f"http://127.0.0.1:{hook.server_address[1]}/hook")
        monkeypatch.setitem(app.config, "MAIL_HOST", "")
        answer = client.post(
            "/api/v1/reports",
            json={
                "village_code": "36.02.25.2003",
                "category": "payment_demanded",
                "text": "Diminta uang Rp50.000 untuk beras",
                "contact": "0812",
            },
        )
        assert answer.status_code == 201, answer.json
    finally:
        hook.shutdown()
    reports = [parse(body) for _headers, body in hook.calls if parse(body)["topic"] == "report"]
    assert len(reports) == 1
    assert reports[0]["message"].startswith("Pengaduan warga baru dari Desa Lebakgedong")
    assert "diminta membayar" in reports[0]["message"]
    assert reports[0]["url"].startswith("https://pantau.example.id/reports/")
    assert b"Rp50.000" not in b"".join(body for _h, body in hook.calls)


def test_admin_sees_channels_masked_and_sends_a_test_message(app, client, channels, login_as):
    hook = start_webhook_receiver()
    try:
        channels(closed_port(), f"http://127.0.0.1:{hook.server_address[1]}/hook?key=kunci-rahasia")
        login_as("admin")
        page = client.get("/alerts/notifications")
        assert page.status_code == 200
        assert SECRET.encode() not in page.data and b"kunci-rahasia" not in page.data
        assert b"ombudsman@example.org" in page.data
        sent = client.post("/alerts/notifications/test")
        assert sent.status_code == 302

    finally:
        hook.shutdown()
    assert [parse(body)["topic"] for _h, body in hook.calls] == ["test"]
    assert attempts(app)["email"].status == "pending"  # the SMTP port is closed: retried later


def test_notifications_api_lists_deliveries_and_retries_a_failed_one(
    app, client, channels, make_alert, token_for, monkeypatch
):
    from relief.alerts.models import Alert
    from relief.alerts.notify import enqueue

    channels(closed_port(), f"http://127.0.0.1:{closed_port()}/hook")
    monkeypatch.setitem(app.config, "MAIL_HOST", "")
    with app.app_context():
        enqueue(db.session.get(Alert, make_alert()), "opened")
        row = db.session.scalar(
            select(NotificationAttempt).where(NotificationAttempt.channel == "webhook")
        )
        row.status, row.attempts, row.last_error = "failed", 8, "URLError: refused"
        db.session.commit()
        attempt_id = row.id
    admin = token_for("admin")
    listed = client.get("/api/v1/alerts/notifications?status=failed", headers=admin)
    assert listed.status_code == 200
    assert [(n["id"], n["last_error"]) for n in listed.json["items"]] == [
        (attempt_id, "URLError: refused")
    ]
    assert (
        client.get("/api/v1/alerts/notifications", headers=token_for("ombudsman")).status_code
        == 403
    )
    hook = start_webhook_receiver()
    try:
        monkeypatch.setitem(
            app.config, "ALERT_WEBHOOK_URL", f"http://127.0.0.1:{hook.server_address[1]}/hook"
        )
        retried = client.post(f"/api/v1/alerts/notifications/{attempt_id}/retry", headers=admin)
        assert retried.status_code == 202
    finally:
        hook.shutdown()
    assert len(hook.calls) == 1
    assert attempts(app)["webhook"].status == "sent"
    channels_answer = client.get("/api/v1/alerts/notifications/channels", headers=admin)
    assert {c["name"]: c["enabled"] for c in channels_answer.json} == {
        "in_app": True,
        "email": False,
        "webhook": True,
    }
