"""The worker process: notifications reach a receiver that was down, a killed worker's
message is still sent once, and a slow receiver no longer holds the write request."""

import signal
import time

from sqlalchemy import select

from relief.alerts.models import NotificationAttempt
from relief.extensions import db
from tests.jobs.conftest import wait_for
from tests.jobs.receivers import start_receiver


def webhook_row(app) -> NotificationAttempt | None:
    with app.app_context():
        row = db.session.scalar(
            select(NotificationAttempt).where(
                NotificationAttempt.channel == "webhook", NotificationAttempt.topic == "alert"
            )
        )
        db.session.expunge_all()
        return row


def test_a_receiver_down_at_first_gets_the_alert_once_it_is_up_through_the_worker(
    app, webhook, start_worker, ship
):
    start_worker()
    ship(hours_ago=73)  # the write raises "unconfirmed"; its commit enqueues the delivery
    failed = wait_for(lambda: (r := webhook_row(app)) and r.attempts >= 1 and r.last_error and r)
    assert failed.status == "pending" and "Connection refused" in failed.last_error
    receiver = start_receiver(webhook)  # the receiver comes up; nobody runs a command
    try:
        sent = wait_for(lambda: (r := webhook_row(app)) and r.status == "sent" and r)
    finally:
        receiver.shutdown()
    assert receiver.deliveries == [str(sent.id)]
    assert sent.attempts >= 2 and sent.last_error is None


def test_a_worker_killed_while_sending_leaves_the_message_to_the_next_worker(
    app, webhook, start_worker, ship
):
    receiver = start_receiver(webhook, delays=[30])  # holds the first try's answer
    try:
        first = start_worker()
        ship(hours_ago=73)
        assert receiver.arrived.wait(30)
        claimed = webhook_row(app)
        assert claimed.status == "sending" and claimed.attempts == 1
        first.send_signal(signal.SIGKILL)  # mid-job: the request is out, no answer yet
        first.wait(10)
        time.sleep(2.2)  # ALERT_NOTIFY_LEASE_S = 2: the dead worker's claim ends
        start_worker()  # its start-up sweep finds the message
        sent = wait_for(lambda: (r := webhook_row(app)) and r.status == "sent" and r)
    finally:
        receiver.shutdown()
    assert sent.attempts == 2 and sent.sent_at is not None
    # One message, tried twice under one delivery id: a receiver keeps it once.
    assert receiver.deliveries == [str(sent.id), str(sent.id)]


def test_a_slow_receiver_does_not_hold_the_delivery_request(
    app, client, webhook, start_worker, ship, logistics
):
    receiver = start_receiver(webhook, delays=[5])
    try:
        start_worker()
        planned = ship(hours_ago=73, deliver=False)
        started = time.perf_counter()
        done = client.post(
            f"/api/v1/shipments/{planned['id']}/deliver",
            headers=logistics,
            json={"version": planned["version"], "delivered_at": planned["dispatched_at"]},
        )
        elapsed = time.perf_counter() - started
        assert done.status_code == 200, done.json
        assert elapsed < 1.5, elapsed  # before the queue: 5 s and more
        assert receiver.arrived.wait(30)  # the worker sends it meanwhile
        sent = wait_for(lambda: (r := webhook_row(app)) and r.status == "sent" and r)
    finally:
        receiver.shutdown()
    assert receiver.deliveries == [str(sent.id)]
