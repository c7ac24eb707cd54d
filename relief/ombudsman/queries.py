"""Reads of the Ombudsman's desk: new complaints, overdue alerts, the worst villages."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from relief.alerts.models import Alert
from relief.alerts.queries import alert_queue
from relief.areas.models import Area
from relief.coverage.queries import worst_villages
from relief.coverage.views import area_rows
from relief.events.models import Event
from relief.extensions import db
from relief.public.forwarding import forwarded_reports
from relief.public.models import ResidentReport

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
    stmt = (select(ResidentReport, Area.name)
            .join(Area, Area.code == ResidentReport.village_code)
            .where(ResidentReport.state == "received")
            .order_by(ResidentReport.created_at.desc(), ResidentReport.id.desc()))
    count = db.session.scalar(select(func.count()).select_from(ResidentReport)
                              .where(ResidentReport.state == "received")) or 0
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
    found.overdue_reports = list(db.session.scalars(
        forwarded_reports(None, overdue_at=now).limit(DESK_LIMIT)))
    if event is not None:
        as_of = event.now()
        found.worst_villages = worst_villages(event.id, as_of, DESK_LIMIT)
        found.regencies = sorted(area_rows(event.id, as_of, "regency", None),
                                 key=lambda a: (-(a["villages_red"] or 0),
                                                a["weakest"] is None, a["weakest"] or 0))
    return found
