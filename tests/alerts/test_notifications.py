"""Notifications: e-mail and a signed webhook after the commit; failures never block writes."""

import socket

import pytest
from sqlalchemy import select

from relief.alerts.channels import SIGNATURE_HEADER, sign
from relief.alerts.models import NotificationAttempt
from relief.extensions import db
from relief.unit_of_work import commit_write
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
        for key, value in {"MAIL_HOST": "127.0.0.1", "MAIL_PORT": smtp_port,
                           "MAIL_TO": "ombudsman@example.org", "ALERT_WEBHOOK_URL": hook_url,
                           "ALERT_WEBHOOK_SECRET": SECRET, "ALERT_NOTIFY_TIMEOUT_S": 2}.items():
            monkeypatch.setitem(app.config, key, value)

    return configure


def attempts(app) -> dict[str, NotificationAttempt]:
    with app.app_context():
        rows = db.session.scalars(select(NotificationAttempt)).all()
        db.session.expunge_all()
        return {row.channel: row for row in rows}


def test_new_alert_is_mailed_and_posted_signed_after_the_write(
        app, channels, assess, alerts_of):
    sink, hook = start_smtp_sink(), start_webhook_receiver()
    try:
        channels(sink.server_address[1], f"http://127.0.0.1:{hook.server_address[1]}/hook")
        assess(severity=3, hours_ago=49)
        from relief.alerts.notify import deliver_due

        with app.app_context():  # the CLI path (`flask alerts notify`)
            deliver_due()
            commit_write()
    finally:
        sink.shutdown(), hook.shutdown()
    alert = alerts_of("no_delivery")[0]
    assert "no_delivery" in sink.messages[0] and "36.02.25.2003" in sink.messages[0]
    headers, body = hook.calls[0]
    assert headers[SIGNATURE_HEADER] == sign(body, SECRET)
    assert parse(body)["id"] == alert["id"] and parse(body)["trigger"] == "opened"
    assert {c: a.status for c, a in attempts(app).items()} == {
        "in_app": "sent", "email": "sent", "webhook": "sent"}


def test_failing_channels_do_not_block_the_write_and_are_retried_later(
        app, client, channels, ship, alerts_of, login_as):
    channels(closed_port(), f"http://127.0.0.1:{closed_port()}/hook")
    shipment = ship(hours_ago=73)  # the write raising the alert succeeds (asserted inside)
    assert alerts_of("unconfirmed")[0]["facts"]["shipments"] == [shipment["waybill_no"]]
    failed = attempts(app)
    for channel in ("email", "webhook"):
        assert failed[channel].status == "pending" and failed[channel].attempts == 1
        assert failed[channel].last_error and failed[channel].next_try_at > failed[
            channel].created_at
    login_as("admin")
    page = client.get("/alerts/notifications")
    assert page.status_code == 200 and b"ConnectionRefusedError" in page.data


def test_webhook_gives_up_after_the_maximum_attempts(app, channels, make_alert, monkeypatch):
    from relief.alerts.models import Alert
    from relief.alerts.notify import deliver_due, enqueue

    hook = start_webhook_receiver(answer=500)
    monkeypatch.setitem(app.config, "ALERT_NOTIFY_MAX_ATTEMPTS", 2)
    monkeypatch.setitem(app.config, "ALERT_NOTIFY_BACKOFF_S", 0)
    try:
        channels(closed_port(), f"http://127.0.0.1:{hook.server_address[1]}/hook")
        monkeypatch.setitem(app.config, "MAIL_HOST", "")
        with app.app_context():
            enqueue(db.session.get(Alert, make_alert()), "opened")
            assert deliver_due() == {"sent": 0, "retrying": 1, "failed": 0}
            assert deliver_due() == {"sent": 0, "retrying": 0, "failed": 1}
            commit_write()
    finally:
        hook.shutdown()
    assert len(hook.calls) == 2
    assert attempts(app)["webhook"].status == "failed"
