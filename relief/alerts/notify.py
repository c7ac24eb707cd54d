"""The notification queue: rows written with the alert, delivered after the commit.

A failed channel never blocks the write that raised the alert: sending happens after the
request (or command) committed, each failure is stored on its row and retried with backoff.
"""

from datetime import timedelta

from sqlalchemy import select

from relief.alerts.channels import CHANNELS
from relief.alerts.models import Alert, NotificationAttempt
from relief.alerts.settings import setting
from relief.core import changes
from relief.core.models import utcnow
from relief.extensions import db


def payload_for(alert: Alert, trigger: str) -> dict:
    """What every channel says about an alert."""
    return {
        "id": alert.id, "trigger": trigger, "kind": alert.kind, "level": alert.level,
        "category": alert.category, "state": alert.state, "event_id": alert.event_id,
        "village_code": alert.village_code,
        "village_name": alert.village.name if alert.village else alert.village_code,
        "commodity": alert.commodity_code, "opened_at": alert.opened_at.isoformat(),
        "response_due_at": alert.response_due_at.isoformat(), "facts": alert.facts,
        "path": f"/alerts/{alert.id}",
    }


def enqueue(alert: Alert, trigger: str) -> None:
    """Queue one message per enabled channel; in-app is delivered on the spot."""
    now = utcnow()
    payload = payload_for(alert, trigger)
    for channel in CHANNELS.values():
        if not channel.enabled():
            continue
        in_app = channel.name == "in_app"
        db.session.add(NotificationAttempt(
            alert_id=alert.id, channel=channel.name, trigger=trigger, payload=payload,
            status="sent" if in_app else "pending", sent_at=now if in_app else None,
            next_try_at=now,
        ))
        if not in_app:
            changes.note_notifications()


def deliver_due(limit: int = 50) -> dict[str, int]:
    """Try every pending message whose time has come; the caller commits."""
    now = utcnow()
    stmt = (
        select(NotificationAttempt)
        .where(NotificationAttempt.status == "pending", NotificationAttempt.next_try_at <= now)
        .order_by(NotificationAttempt.id).limit(limit)
    )
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    for attempt in db.session.scalars(stmt).all():
        attempt.attempts += 1
        try:
            CHANNELS[attempt.channel].send(attempt.payload)
        except Exception as error:  # noqa: BLE001 - any channel failure is recorded, not raised
            attempt.last_error = f"{type(error).__name__}: {error}"[:500]
            if attempt.attempts >= setting("ALERT_NOTIFY_MAX_ATTEMPTS"):
                attempt.status = "failed"
                counts["failed"] += 1
            else:
                backoff = setting("ALERT_NOTIFY_BACKOFF_S") * 4 ** (attempt.attempts - 1)
                attempt.next_try_at = utcnow() + timedelta(seconds=backoff)
                counts["retrying"] += 1
        else:
            attempt.status, attempt.sent_at, attempt.last_error = "sent", utcnow(), None
            counts["sent"] += 1
    db.session.flush()
    return counts


def deliver_queued() -> None:
    """After a write committed: send what it queued, in a transaction of its own."""
    try:
        deliver_due()
        db.session.commit()
    except Exception:  # noqa: BLE001 - never let delivery break the committed write
        db.session.rollback()
