"""Complaints routed to the responsible public-service unit (UU 25/2009): forward, answer.

The Ombudsman forwards a report to an organisation with a note; the unit's staff answer it
within `COMPLAINT_ANSWER_DAYS` (default 14 days: the resolution norm DESIGN.md cites from
SP4N-LAPOR for alerts; the project's policy for complaints until the Ombudsman sets its own).
Answers are public: the resident reads them on the tracking page.
"""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from relief.alerts import resident
from relief.audit.services import record
from relief.complaints.models import ReportAnswer, ReportStateChange, ResidentReport
from relief.core import changes
from relief.core.errors import ConflictError, DomainError
from relief.core.models import utcnow
from relief.extensions import db
from relief.organisations.models import Organisation

ANSWER_DAYS = 14
RESPONSE_DAYS = 3
FORWARDABLE = ("received", "checking", "forwarded")  # forwarded: to another unit
ANSWERABLE = ("forwarded", "answered")


def response_days() -> int:
    """Days the Ombudsman takes to pick up a new complaint (setting REPORT_RESPONSE_DAYS,
    default 3: the first-response norm DESIGN.md cites from SP4N-LAPOR)."""
    return int(current_app.config.get("REPORT_RESPONSE_DAYS", RESPONSE_DAYS))


def next_deadline(report: ResidentReport) -> tuple[str, datetime] | None:
    """What the resident waits for next and by when, or None once it is answered."""
    if report.state == "received":
        return _("Ditanggapi Ombudsman paling lambat"), report.created_at + timedelta(
            days=response_days()
        )
    if report.state == "forwarded" and report.answer_due_at is not None:
        return _("Instansi wajib menjawab paling lambat"), report.answer_due_at
    if report.state == "checking":
        return _("Diperiksa; penyelesaian paling lambat"), report.created_at + timedelta(
            days=answer_days()
        )
    return None


def answer_days() -> int:
    """Days a unit has to answer a forwarded complaint (setting COMPLAINT_ANSWER_DAYS)."""
    return int(current_app.config.get("COMPLAINT_ANSWER_DAYS", ANSWER_DAYS))


def _step(report: ResidentReport, action: str, to_state: str, note: str, now: datetime) -> str:
    from_state = report.state
    report.state, report.updated_at = to_state, now
    report.history.append(
        ReportStateChange(
            action=action,
            from_state=from_state,
            to_state=to_state,
            at=now,
            by_user_id=current_user.id,
            by_label=current_user.username,
            note=note,
        )
    )
    return from_state


def forward_report(
    report: ResidentReport, organisation_id: int, note: str = "", now: datetime | None = None
) -> ResidentReport:
    """Send a report to a unit that must answer it by a deadline; recorded and audited."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.active:
        message = "Instansi tidak dikenal atau tidak aktif."
        raise DomainError(message, fields={"organisation_id": [message]})
    if report.state not in FORWARDABLE:
        raise ConflictError("Laporan dalam keadaan ini tidak dapat diteruskan.")
    now = now or utcnow()
    report.organisation_id = organisation.id
    report.forwarded_at = now
    report.answer_due_at = now + timedelta(days=answer_days())
    from_state = _step(report, "forward", "forwarded", (note or "").strip(), now)
    db.session.flush()
    record(
        "report_forward",
        "resident_report",
        report.id,
        {
            "from": from_state,
            "to": "forwarded",
            "organisation_id": organisation.id,
            "answer_due_at": report.answer_due_at.isoformat(),
            "note": (note or "").strip(),
        },
    )
    _announce("report_forward", report)
    return report


def answer_report(report: ResidentReport, text: str, now: datetime | None = None) -> ReportAnswer:
    """The forwarded unit's answer (its own staff only), shown to the resident."""
    if report.state not in ANSWERABLE or report.organisation_id is None:
        raise ConflictError("Laporan ini tidak sedang diteruskan ke instansi.")
    if current_user.role != "logistics" or current_user.organisation_id != report.organisation_id:
        raise DomainError("Hanya staf instansi tujuan yang dapat menjawab.", status=403)
    text = (text or "").strip()
    if not text:
        raise DomainError("Jawaban wajib diisi.", fields={"text": ["Wajib diisi."]})
    now = now or utcnow()
    answer = ReportAnswer(
        report=report,
        organisation_id=report.organisation_id,
        text=text,
        answered_at=now,
        by_user_id=current_user.id,
        by_label=current_user.username,
        within_deadline=report.answer_due_at is None or now <= report.answer_due_at,
    )
    db.session.add(answer)
    _step(report, "answer", "answered", "", now)
    db.session.flush()
    record(
        "report_answer",
        "resident_report",
        report.id,
        {
            "organisation_id": report.organisation_id,
            "answer_id": answer.id,
            "text": text,
            "within_deadline": answer.within_deadline,
        },
    )
    # The resident hears of it if they left a contact (sent by the worker after the commit).
    resident.enqueue_answer(report, answer)
    _announce("report_answer", report)
    return answer


def _announce(sender: str, report: ResidentReport) -> None:
    changes.note_villages(changes.REPORTS, sender, report.event_id, {report.village_code})


def forwarded_reports(organisation_id: int | None, overdue_at: datetime | None = None):
    """Reports forwarded to a unit (all units with None), deadline first; only the overdue
    ones with `overdue_at`."""
    stmt = (
        select(ResidentReport)
        .where(ResidentReport.organisation_id.is_not(None))
        .order_by(ResidentReport.answer_due_at, ResidentReport.id)
    )
    if organisation_id is not None:
        stmt = stmt.where(ResidentReport.organisation_id == organisation_id)
    if overdue_at is not None:
        stmt = stmt.where(
            ResidentReport.state == "forwarded", ResidentReport.answer_due_at < overdue_at
        )
    return stmt


def active_organisations() -> list[Organisation]:
    """Units a report can be forwarded to, by name."""
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name)
        )
    )
