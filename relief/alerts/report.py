"""The evidence report of one alert or of a regency: the data both the printable page and the
PDF are built from, so the two never say different things."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from relief.alerts import queries
from relief.alerts.models import Alert
from relief.alerts.stock_needs import stock_against_needs
from relief.areas.models import Area
from relief.core.errors import DomainError
from relief.coverage.queries import worst_villages
from relief.coverage.views import area_rows
from relief.events.models import Event
from relief.events.queries import current_event
from relief.extensions import db

EVIDENCE_LIMIT = 100  # alerts whose village evidence a regency report includes


@dataclass
class EvidenceReport:
    """Alerts in queue order, each village's evidence, and what the header says."""

    alerts: list[Alert]
    evidence: dict[int, dict]
    now: datetime
    regency: str | None = None
    regency_name: str | None = None
    replayed: list[Event] = field(default_factory=list)
    demo: bool = False
    summary: dict | None = None  # regency reports: the one-page summary at the top


SUMMARY_VILLAGES = 5


def regency_summary(regency: str, alerts: list[Alert], now: datetime) -> dict:
    """The regency report's first page: its coverage roll-up, the worst villages, and the
    alerts counted per kind (all, critical, not yet answered, overdue)."""
    by_kind: dict[str, Counter] = {}
    for alert in alerts:
        counts = by_kind.setdefault(alert.kind, Counter())
        counts["all"] += 1
        counts["critical"] += alert.level == "critical"
        counts["open"] += alert.state == "open"
        counts["overdue"] += alert.is_overdue(now)
    totals = sum(by_kind.values(), Counter())
    event = current_event()
    coverage, villages, stock = None, [], []
    if event is not None:
        as_of = event.now()
        stock = stock_against_needs(event.id, as_of, regency)
        coverage = next(
            (a for a in area_rows(event.id, as_of, "regency", None) if a["code"] == regency), None
        )
        villages = worst_villages(event.id, as_of, SUMMARY_VILLAGES, parent=regency)
    return {
        "by_kind": sorted(by_kind.items(), key=lambda kv: -kv[1]["all"]),
        "totals": totals,
        "coverage": coverage,
        "worst_villages": villages,
        "event": event,
        "stock": stock,
    }


def _replayed(alerts: list[Alert]) -> list[Event]:
    seen = {}
    for alert in alerts:
        if alert.event is not None and alert.event.scenario_at is not None:
            seen[alert.event.id] = alert.event
    return list(seen.values())


def alert_report(alert_id: int, now: datetime) -> EvidenceReport:
    """The report of one alert (404 when it does not exist)."""
    alert = queries.get_alert(alert_id)
    return EvidenceReport(
        alerts=[alert],
        evidence={alert.id: queries.village_evidence(alert)},
        now=now,
        replayed=_replayed([alert]),
        demo=bool(current_app.config.get("DEMO_MODE")),
    )


def regency_report(regency: str | None, now: datetime) -> EvidenceReport:
    """Every alert of a regency in queue order; evidence for the first hundred."""
    if not regency:
        raise DomainError(_("Pilih kabupaten/kota."), fields={"regency": [_("Wajib diisi.")]})
    alerts = queries.regency_alerts(regency, now)
    name = db.session.scalar(select(Area.name).where(Area.code == regency))
    return EvidenceReport(
        alerts=alerts,
        now=now,
        regency=regency,
        regency_name=name,
        evidence={a.id: queries.village_evidence(a) for a in alerts[:EVIDENCE_LIMIT]},
        replayed=_replayed(alerts),
        demo=bool(current_app.config.get("DEMO_MODE")),
        summary=regency_summary(regency, alerts, now),
    )
