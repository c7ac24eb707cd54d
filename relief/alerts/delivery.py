"""Delivering one message: the job, its claim on the row, the outcome, retries with backoff.

A delivery first claims its row with one conditional UPDATE, so two jobs for one row (two
writers' enqueues, the sweep, a retry) send it once; it sends outside any transaction and
then records the outcome on the row. A failure schedules the next try (BACKOFF_S x 4^(n-1))
on the queue and on the row; a worker killed while sending leaves the row claimed until its
lease ends, then the sweep (relief/alerts/tasks.py) sends it again under the same delivery
id, which receivers may deduplicate on (`X-Pantau-Delivery`).
"""

from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from relief.alerts import resident
from relief.alerts.channels import Message, channel_named
from relief.alerts.messages import absolute_link, compose
from relief.alerts.models import NotificationAttempt
from relief.alerts.settings import setting
from relief.core.jobs import job
from relief.core.models import utcnow
from relief.extensions import db


@job(retries=0, record=False)
def deliver_notification(attempt_id: int) -> str:
    """Job: send one message (its row is the record); schedules its own retry on failure."""
    status, delay = deliver(attempt_id)
    if delay is not None:
        deliver_notification.schedule((attempt_id,), delay=delay)
    return status


def enqueue_pending_notifications(limit: int = 200) -> int:
    """After a commit: one delivery job per message never tried yet (answers how many).

    The write boundary calls this after its commit; retries are scheduled by the delivery
    job itself and anything else pending is picked up by the periodic sweep.
    """
    return _enqueue(
        select(NotificationAttempt.id)
        .where(
            NotificationAttempt.status == "pending",
            NotificationAttempt.attempts == 0,
            NotificationAttempt.next_try_at <= utcnow(),
        )
        .order_by(NotificationAttempt.id)
        .limit(limit)
    )


def _enqueue(ids_query) -> int:
    """Read the ids on a connection of its own, closed before any job is put on the queue:
    no transaction of the caller's stays open (in immediate mode the jobs run right here)."""
    with db.engine.connect() as connection:
        ids = list(connection.scalars(ids_query))
    for attempt_id in ids:
        deliver_notification(attempt_id)
    return len(ids)


def _due(limit: int = 500):
    """Messages whose time has come: pending and due, or claimed by a worker that died."""
    now = utcnow()
    return (
        select(NotificationAttempt.id)
        .where(
            or_(
                and_(
                    NotificationAttempt.status == "pending", NotificationAttempt.next_try_at <= now
                ),
                and_(
                    NotificationAttempt.status == "sending", NotificationAttempt.lease_until < now
                ),
            )
        )
        .order_by(NotificationAttempt.id)
        .limit(limit)
    )


def due_ids(limit: int = 500) -> list[int]:
    """The ids of the messages whose time has come (see `_due`)."""
    return list(db.session.scalars(_due(limit)))


def claim(attempt_id: int) -> bool:
    """Take one message for sending (commits); False when another job has it or it is done."""
    now = utcnow()
    result = db.session.execute(
        update(NotificationAttempt)
        .where(
            NotificationAttempt.id == attempt_id,
            or_(
                and_(
                    NotificationAttempt.status == "pending", NotificationAttempt.next_try_at <= now
                ),
                and_(
                    NotificationAttempt.status == "sending", NotificationAttempt.lease_until < now
                ),
            ),
        )
        .values(
            status="sending",
            attempts=NotificationAttempt.attempts + 1,
            lease_until=now + timedelta(seconds=setting("ALERT_NOTIFY_LEASE_S")),
        )
    )
    db.session.commit()
    return result.rowcount == 1


def message_of(attempt: NotificationAttempt) -> Message:
    """The text a channel sends for one row (composed at sending time, in Indonesian)."""
    payload, recipient = attempt.payload, None
    if attempt.topic == resident.TOPIC:
        payload, recipient = resident.resolve(payload)
    subject, body = compose(payload)
    return Message(
        attempt.id, payload, subject, body, absolute_link(payload.get("path", "/")), recipient
    )


def deliver(attempt_id: int) -> tuple[str, float | None]:
    """Send one claimed message; answers its new status and, when retrying, the delay (s).

    Sends outside any transaction (the claim committed), then records the outcome.
    """
    if not claim(attempt_id):
        return "skipped", None
    attempt = db.session.get(NotificationAttempt, attempt_id)
    channel, message = channel_named(attempt.channel), message_of(attempt)
    # No transaction (on SQLite: no write lock) stays open while the channel answers; the
    # row is not touched again until the outcome is recorded.
    db.session.rollback()
    try:
        channel.send(message)
    except Exception as error:  # noqa: BLE001 - any channel failure is recorded, not raised
        return _record_failure(attempt_id, f"{type(error).__name__}: {error}"[:500])
    db.session.execute(
        update(NotificationAttempt)
        .where(NotificationAttempt.id == attempt_id, NotificationAttempt.status == "sending")
        .values(status="sent", sent_at=utcnow(), last_error=None, lease_until=None)
    )
    db.session.commit()
    return "sent", None


def _record_failure(attempt_id: int, error: str) -> tuple[str, float | None]:
    attempt = db.session.get(NotificationAttempt, attempt_id)
    attempt.last_error, attempt.lease_until = error, None
    delay = None
    if attempt.attempts >= setting("ALERT_NOTIFY_MAX_ATTEMPTS"):
        attempt.status = "failed"
    else:
        delay = setting("ALERT_NOTIFY_BACKOFF_S") * 4 ** (attempt.attempts - 1)
        attempt.status, attempt.next_try_at = "pending", utcnow() + timedelta(seconds=delay)
    status = attempt.status
    db.session.commit()
    return status, delay


def enqueue_due(ids: list[int] | None = None) -> int:
    """Put a delivery job on the queue for each given (or each due) message."""
    if ids is None:
        return _enqueue(_due())
    for attempt_id in ids:
        deliver_notification(attempt_id)
    return len(ids)
