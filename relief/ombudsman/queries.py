"""Reads of the Ombudsman's desk: new complaints, overdue alerts, the worst villages."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from relief.alerts.models import Alert
from relief.alerts.queries import alert_queue
from relief.areas.models import Area
from relief.complaints.models import ReportAnswer, ResidentReport
from relief.coverage.queries import village_bands_by_regency, worst_villages
from relief.coverage.views import area_rows
from relief.events.models import Event
from relief.extensions import db
from relief.ombudsman.compliance import (
    Deadline,
    compliance_band,
    deadline_counts,
    median_hours,
)
from relief.organisations.models import Organisation
from relief.public.forwarding import forwarded_reports

DESK_LIMIT = 10


@dataclass
class Desk:
    """What the Ombudsman's dashboard lists, newest or worst first."""

    new_reports: list = field(default_factory=list)  # [(report, village name)]
    new_report_count: int = 0
    overdue_alerts: list[Alert] = field(default_factory=list)
    overdue_count: int = 0
    overdue_reports: list[ResidentReport] = field(default_factory=list)  # units' late answers
    worst_villages: list[dict] = field(default_factory=list)
    regencies: list[dict] = field(default_factory=list)


def new_reports(limit: int = DESK_LIMIT) -> tuple[list, int]:
    """Residents' reports nobody has looked at yet (state received), newest first."""
    stmt = (
        select(ResidentReport, Area.name)
        .join(Area, Area.code == ResidentReport.village_code)
        .where(ResidentReport.state == "received")
        .order_by(ResidentReport.created_at.desc(), ResidentReport.id.desc())
    )
    count = (
        db.session.scalar(
            select(func.count())
            .select_from(ResidentReport)
            .where(ResidentReport.state == "received")
        )
        or 0
    )
    return [tuple(row) for row in db.session.execute(stmt.limit(limit))], count


def overdue_alerts(now: datetime, limit: int = DESK_LIMIT) -> tuple[list[Alert], int]:
    """Alerts past their response or resolution deadline, in queue order."""
    stmt = alert_queue({"overdue": True}, now)
    count = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return list(db.session.scalars(stmt.limit(limit))), int(count or 0)


def desk(event: Event | None, now: datetime) -> Desk:
    """Everything the desk shows, for the event on display (None: complaints and alerts only)."""
    found = Desk()
    found.new_reports, found.new_report_count = new_reports()
    found.overdue_alerts, found.overdue_count = overdue_alerts(now)
    found.overdue_reports = list(
        db.session.scalars(forwarded_reports(None, overdue_at=now).limit(DESK_LIMIT))
    )
    if event is not None:
        as_of = event.now()
        found.worst_villages = worst_villages(event.id, as_of, DESK_LIMIT)
        found.regencies = sorted(
            area_rows(event.id, as_of, "regency", None),
            key=lambda a: (-(a["villages_red"] or 0), a["weakest"] is None, a["weakest"] or 0),
        )
    return found


def compliance_rows(event: Event) -> list[dict]:
    """Per active organisation, for one event: alert deadlines met, median hours to first
    response, complaint answers in time, villages of its regencies by band, and the
    compliance score and band (see relief.ombudsman.compliance)."""
    now = event.now()
    alerts = db.session.execute(
        select(
            Alert.regency_code,
            Alert.opened_at,
            Alert.response_due_at,
            Alert.responded_at,
            Alert.resolution_due_at,
            Alert.closed_at,
            Alert.state,
        ).where(Alert.event_id == event.id)
    ).all()
    first_answer = (
        select(ReportAnswer.report_id, func.min(ReportAnswer.answered_at).label("answered_at"))
        .group_by(ReportAnswer.report_id)
        .subquery()
    )
    reports = db.session.execute(
        select(
            ResidentReport.organisation_id, ResidentReport.answer_due_at, first_answer.c.answered_at
        )
        .outerjoin(first_answer, first_answer.c.report_id == ResidentReport.id)
        .where(ResidentReport.event_id == event.id, ResidentReport.organisation_id.is_not(None))
    ).all()
    bands = village_bands_by_regency(event.id, now)
    rows = []
    for unit in db.session.scalars(
        select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name)
    ):
        served = set(unit.regency_codes or [])
        mine = [a for a in alerts if a.regency_code in served]
        responses = [Deadline(a.response_due_at, a.responded_at) for a in mine]
        resolutions = [
            Deadline(a.resolution_due_at, a.closed_at if a.state == "resolved" else None)
            for a in mine
        ]
        answers = [
            Deadline(r.answer_due_at, r.answered_at)
            for r in reports
            if r.organisation_id == unit.id
        ]
        counts = {
            name: deadline_counts(items, now)
            for name, items in (
                ("responses", responses),
                ("resolutions", resolutions),
                ("answers", answers),
            )
        }
        met = sum(m for m, _c in counts.values())
        counted = sum(c for _m, c in counts.values())
        score, compliance = compliance_band(met, counted)
        villages: dict = {"green": 0, "yellow": 0, "red": 0, None: 0}
        for regency in served:
            for name, n in bands.get(regency, {}).items():
                villages[name] = villages.get(name, 0) + n
        rows.append(
            {
                "organisation_id": unit.id,
                "name": unit.name,
                "kind": unit.kind,
                "regency_codes": sorted(served),
                "alerts": len(mine),
                "responded_on_time": counts["responses"][0],
                "responses_due": counts["responses"][1],
                "resolved_on_time": counts["resolutions"][0],
                "resolutions_due": counts["resolutions"][1],
                "median_response_hours": median_hours((a.opened_at, a.responded_at) for a in mine),
                "complaints": len(answers),
                "answered_on_time": counts["answers"][0],
                "answers_due": counts["answers"][1],
                "villages_green": villages["green"],
                "villages_yellow": villages["yellow"],
                "villages_red": villages["red"],
                "villages_no_need": villages[None],
                "score": score,
                "band": compliance,
            }
        )
    return rows
