"""Residents' writes: file a report, the Ombudsman's handling steps, village confirmation."""

from flask_login import current_user
from sqlalchemy import exists, select

from relief.alerts import notify
from relief.alerts.models import Alert
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.complaints.models import CATEGORIES, ReportStateChange, ResidentReport
from relief.core import changes
from relief.core.errors import ConflictError, DomainError
from relief.core.models import utcnow
from relief.events.queries import latest_open_event
from relief.extensions import db
from relief.media.services import store_photo
from relief.public.codes import new_tracking_code

OPEN = ("received", "checking", "forwarded", "answered")
# action -> (states it may start from, state it leads to; None keeps the state)
ACTIONS = {
    "verify": (("received",), "checking"),
    "reply": (OPEN, "answered"),
    "link": (OPEN, None),
    "close": (OPEN, "closed"),
}


def _unused_tracking_code() -> str:
    for _ in range(8):
        code = new_tracking_code()
        taken = db.session.scalar(select(exists().where(ResidentReport.tracking_code == code)))
        if not taken:
            return code
    raise ConflictError("Kode pelacakan tidak dapat dibuat; coba lagi.")  # ~never


def _actor() -> tuple[int | None, str]:
    if current_user and current_user.is_authenticated:
        return current_user.id, current_user.username
    return None, "public"


def _announce(sender: str, report: ResidentReport) -> None:
    changes.note_villages(changes.REPORTS, sender, report.event_id, {report.village_code})


def file_report(
    village_code: str,
    category: str,
    text: str,
    contact: str | None,
    channel: str = "web",
    event_id: int | None = None,
    announce: bool = True,
    photo: bytes | None = None,
) -> ResidentReport:
    """Record a resident's complaint (about the most recent open event unless told) with a fresh
    tracking code; `announce` queues a message to the notification channels (the demo's
    illustrative reports are not).

    An optional photo is checked by content, reduced and stored without its EXIF (no
    location of the resident's phone is kept).
    """
    if category not in CATEGORIES:
        message = "Kategori tidak dikenal."
        raise DomainError(message, fields={"category": [message]})
    if event_id is None:
        event = latest_open_event()
        event_id = event.id if event else None
    now = utcnow()
    report = ResidentReport(
        tracking_code=_unused_tracking_code(),
        event_id=event_id,
        village_code=village_code,
        category=category,
        text=text.strip(),
        contact=(contact or "").strip() or None,
        channel=channel,
        state="received",
        created_at=now,
        updated_at=now,
        photo=store_photo(photo, "report")[0] if photo else None,
    )
    report.history.append(
        ReportStateChange(
            action="create", from_state=None, to_state="received", at=now, by_label="public"
        )
    )
    db.session.add(report)
    db.session.flush()
    # The audit chain cannot forget: keep the complaint's text and contact out of it.
    record(
        "report_create",
        "resident_report",
        report.id,
        {
            "village_code": village_code,
            "category": category,
            "channel": channel,
            ROWS: state_of(report, *report.history),
        },
        actor="public",
    )
    _announce("file_report", report)
    if announce:
        notify.enqueue_report(report)
    return report


def _alert_exists(alert_id: int) -> bool:
    return db.session.get(Alert, alert_id) is not None


def act_on_report(
    report: ResidentReport,
    action: str,
    note: str = "",
    reply: str | None = None,
    alert_id: int | None = None,
) -> ResidentReport:
    """One Ombudsman step on a report (verify, forward, reply, link, close), recorded."""
    if action not in ACTIONS:
        raise DomainError("Tindakan tidak dikenal.", fields={"action": ["Tindakan tidak dikenal."]})
    allowed_from, to_state = ACTIONS[action]
    if report.state not in allowed_from:
        raise ConflictError("Laporan dalam keadaan ini tidak dapat diproses dengan tindakan itu.")
    if action == "reply" and not (reply or "").strip():
        raise DomainError("Jawaban publik wajib diisi.", fields={"public_reply": ["Wajib diisi."]})
    if action == "forward" and not (note or "").strip():
        message = "Nama instansi penerima wajib diisi."
        raise DomainError(message, fields={"note": [message]})
    if action == "link" and not alert_id:
        raise DomainError("Nomor peringatan wajib diisi.", fields={"alert_id": ["Wajib diisi."]})
    if action == "link" and not _alert_exists(alert_id):
        raise DomainError("Peringatan tidak dikenal.", fields={"alert_id": ["Tidak dikenal."]})
    now = utcnow()
    from_state = report.state
    if action == "reply":
        report.public_reply, report.replied_at = reply.strip(), now
    if action == "link":
        report.alert_id = alert_id
    report.state = to_state or from_state
    report.updated_at = now
    user_id, label = _actor()
    report.history.append(
        ReportStateChange(
            action=action,
            from_state=from_state,
            to_state=report.state,
            at=now,
            by_user_id=user_id,
            by_label=label,
            note=(note or "").strip(),
        )
    )
    db.session.flush()
    record(
        f"report_{action}",
        "resident_report",
        report.id,
        {
            "from": from_state,
            "to": report.state,
            "alert_id": report.alert_id,
            "note": (note or "").strip(),
            "public_reply": report.public_reply,
            ROWS: state_of(report, report.history[-1]),
        },
    )
    _announce(f"report_{action}", report)
    return report
