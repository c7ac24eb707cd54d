"""The alerts' periodic jobs: the notification sweep and the evaluation of live events.

(The delivery job itself is `relief.alerts.delivery.deliver_notification`.)
"""

from datetime import datetime

from relief.alerts import evaluation
from relief.alerts.delivery import enqueue_due, enqueue_pending_notifications
from relief.alerts.head_notice import publish_audit_head
from relief.core.jobs import every_minutes, job, periodic_job
from relief.events.queries import live_event_ids
from relief.extensions import db
from relief.unit_of_work import unit_of_work


@periodic_job(lambda moment: True, record=False)  # every minute; cheap, idempotent
def sweep_notifications() -> int:
    """Put on the queue every message whose time has come: retries the queue lost (a Redis
    restart, a killed worker), claims whose lease ended, and an admin's "retry now"."""
    return enqueue_due()


def evaluate_by_province(event_id: int, as_of: datetime | None = None) -> dict[str, int]:
    """Every rule for all villages of one event, each province in its own unit of work.

    All parts judge at the same moment. A province's alerts, their audit entry and its
    notifications commit together; so the run holds one province's rows and audit entry at
    a time (not a country's: ~1.1 kB of audit text per alert opened, 76 MB for the 66,000
    alerts of the first run at 84,000 villages), and locks one province's alerts while it
    runs. A failure undoes only its own province; the run is idempotent (nothing changed
    writes nothing), so a retry finishes the rest.
    """
    as_of = as_of or evaluation.present(event_id)
    provinces = evaluation.parts()
    db.session.rollback()  # end the read before the first part's own transaction
    counts: dict[str, int] = {}
    for province in provinces:
        with unit_of_work():
            evaluation.add_counts(
                counts, evaluation.evaluate(event_id, as_of=as_of, province=province)
            )
    return counts


@job(retries=3, retry_delay=60, retry_backoff=2.0)
def evaluate_event(event_id: int) -> dict:
    """Job: run every rule for all villages of one event now (province by province), then
    send what it raised."""
    counts = evaluate_by_province(event_id)
    enqueue_pending_notifications()
    return counts


@periodic_job(every_minutes("ALERT_EVALUATE_MINUTES"))
def evaluate_live_events() -> int:
    """Every ALERT_EVALUATE_MINUTES: evaluate each live event, so that deadlines and
    time-based rules ("no delivery after N hours") fire without any write."""
    ids = live_event_ids()
    db.session.rollback()  # end the read: in immediate mode the jobs below run right here
    for event_id in ids:
        evaluate_event(event_id)
    return len(ids)


@periodic_job(lambda moment: moment.hour == 0 and moment.minute == 5)  # daily, 00:05 UTC
def publish_audit_head_daily() -> int:
    """Daily: publish the audit head outside the database (anchor file and the outside
    channels), so that a rolled-back or rebuilt chain is caught by `audit verify --anchors`."""
    return publish_audit_head().seq
