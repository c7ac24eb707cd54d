"""Messages to a resident: a unit answered the complaint they filed and left a contact for.

The write that records the answer adds one `NotificationAttempt` row per resident channel
that fits the contact (an e-mail address today; a phone number once an SMS channel registers
in `RESIDENT_CHANNELS`); after the commit the job worker sends it like any other message.
Neither the contact nor the tracking code is copied into the row: both are read from the
report when the message is sent, so a contact removed in the meantime is never written to.
"""

from sqlalchemy import select

from relief.alerts.channels import RESIDENT_CHANNELS
from relief.alerts.models import NotificationAttempt
from relief.complaints.contact import contact_kind
from relief.complaints.models import ReportAnswer, ResidentReport
from relief.core import changes
from relief.core.models import utcnow
from relief.extensions import db

TOPIC = "answer"
ANSWER_CHARS = 1500  # of the unit's answer quoted in the message; the page has all of it


def enqueue_answer(report: ResidentReport, answer: ReportAnswer) -> int:
    """Queue the message about a unit's answer to the resident's channel; answers rows added."""
    kind = contact_kind(report.contact)
    channel = RESIDENT_CHANNELS.get(kind) if kind else None
    if channel is None or not channel.enabled():
        return 0
    key = f"{TOPIC}:{answer.id}:{channel.name}"
    if (
        db.session.scalar(
            select(NotificationAttempt.id).where(NotificationAttempt.dedupe_key == key).limit(1)
        )
        is not None
    ):
        return 0
    village = report.village
    now = utcnow()
    db.session.add(
        NotificationAttempt(
            alert_id=None,
            channel=channel.name,
            trigger=TOPIC,
            topic=TOPIC,
            status="pending",
            next_try_at=now,
            dedupe_key=key,
            payload={
                "topic": TOPIC,
                "trigger": TOPIC,
                "id": report.id,
                "answer_id": answer.id,
                "category": report.category,
                "event_id": report.event_id,
                "village_code": report.village_code,
                "village_name": village.name if village else report.village_code,
                "organisation_name": report.organisation.name if report.organisation else "",
                "answered_at": answer.answered_at.isoformat(),
                "path": f"/reports/{report.id}",
            },
        )
    )
    changes.note_notifications()
    return 1


def resolve(payload: dict) -> tuple[dict, str | None]:
    """At sending time: the payload with the resident's status page and the answer's text,
    and the address to send to (None when the report or its contact is gone)."""
    report = db.session.get(ResidentReport, payload.get("id"))
    if report is None:
        return payload, None
    answer = db.session.get(ReportAnswer, payload.get("answer_id"))
    text = answer.text if answer is not None else ""
    if len(text) > ANSWER_CHARS:
        text = text[:ANSWER_CHARS].rstrip() + "…"
    resolved = {
        **payload,
        "path": f"/lapor/{report.tracking_code}",
        "tracking_code": report.tracking_code,
        "answer_text": text,
    }
    return resolved, (report.contact or "").strip() or None
