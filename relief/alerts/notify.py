"""Notifications: rows written with the alert or report, delivered by the job worker.

A `NotificationAttempt` row is the durable record of one message to one channel (status,
attempts, last error, next try). The write that raises an alert or files a report only adds
rows; after its commit `delivery.enqueue_pending_notifications` puts one delivery job per
new row on the queue and the worker sends it (relief/alerts/delivery.py).
"""

from sqlalchemy import select

from relief.alerts.channels import CHANNELS
from relief.alerts.delivery import enqueue_due
from relief.alerts.models import Alert, NotificationAttempt
from relief.core import changes
from relief.core.models import utcnow
from relief.extensions import db


def payload_for(alert: Alert, trigger: str) -> dict:
    """What every channel says about an alert."""
    return {
        "topic": "alert",
        "id": alert.id,
        "trigger": trigger,
        "kind": alert.kind,
        "level": alert.level,
        "category": alert.category,
        "state": alert.state,
        "event_id": alert.event_id,
        "village_code": alert.village_code,
        "village_name": alert.village.name if alert.village else alert.village_code,
        "commodity": alert.commodity_code,
        "opened_at": alert.opened_at.isoformat(),
        "response_due_at": alert.response_due_at.isoformat(),
        "facts": alert.facts,
        "path": f"/alerts/{alert.id}",
    }


def _add(
    payload: dict, trigger: str, alert_id: int | None = None, dedupe: str | None = None
) -> int:
    """One row per enabled channel (in-app is delivered on the spot); answers rows added."""
    now = utcnow()
    added = 0
    for channel in CHANNELS.values():
        if not channel.enabled():
            continue
        in_app = channel.name == "in_app"
        db.session.add(
            NotificationAttempt(
                alert_id=alert_id,
                channel=channel.name,
                trigger=trigger,
                payload=payload,
                topic=payload["topic"],
                status="sent" if in_app else "pending",
                sent_at=now if in_app else None,
                next_try_at=now,
                dedupe_key=f"{dedupe}:{channel.name}" if dedupe else None,
            )
        )
        added += 0 if in_app else 1
    if added:
        changes.note_notifications()  # the write boundary enqueues them after its commit
    return added


def enqueue(alert: Alert, trigger: str) -> None:
    """Queue one message per enabled channel about an alert that opened, rose or reopened."""
    _add(payload_for(alert, trigger), trigger, alert_id=alert.id)


def enqueue_report(report) -> None:
    """Queue one message per channel about a resident's new report (text and contact stay out).

    Keyed on the report, so that a report is announced once however often it is announced.
    """
    village = report.village
    payload = {
        "topic": "report",
        "id": report.id,
        "trigger": "report",
        "category": report.category,
        "event_id": report.event_id,
        "village_code": report.village_code,
        "village_name": village.name if village else report.village_code,
        "created_at": report.created_at.isoformat(),
        "path": f"/reports/{report.id}",
    }
    key = f"report:{report.id}"
    if (
        db.session.scalar(
            select(NotificationAttempt.id)
            .where(NotificationAttempt.dedupe_key.startswith(f"{key}:"))
            .limit(1)
        )
        is None
    ):
        _add(payload, "report", dedupe=key)


def enqueue_test_message(by: str) -> int:
    """An admin's test message through every channel (through the queue, like the rest)."""
    now = utcnow()
    payload = {
        "topic": "test",
        "id": None,
        "trigger": "test",
        "by": by,
        "at": now.isoformat(),
        "path": "/",
    }
    return _add(payload, "test")


def retry_now(attempt: NotificationAttempt) -> None:
    """An admin's "retry now": a failed or waiting message becomes due at once (caller commits).

    A message given up on gets a fresh count of attempts.
    """
    if attempt.status == "failed":
        attempt.attempts = 0
    if attempt.status in ("failed", "pending"):
        attempt.status, attempt.next_try_at = "pending", utcnow()
        changes.note_job(enqueue_due, [attempt.id])
