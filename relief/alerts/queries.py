"""Reads over alerts: the filtered queue (overdue first), counts, one alert, its evidence."""

from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from relief.alerts.channels import CHANNELS
from relief.alerts.models import ACTIVE_STATES, Alert, NotificationAttempt
from relief.audit.amendments import amended_figures, amendments_in
from relief.catalog.models import Commodity
from relief.complaints.models import ResidentReport
from relief.core.errors import DomainError
from relief.core.models import UTCDateTime
from relief.coverage.models import Assessment
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Receipt, ReceiptPhoto, Shipment


def judged_at(now: datetime):
    """SQL moment an alert's deadlines are judged at: its event's replay moment, else `now`.

    Statements using it must join `Event` (see `alert_queue` and `alert_counts`).
    """
    return func.coalesce(Event.scenario_at, literal(now, UTCDateTime))


def overdue_clause(now: datetime):
    """SQL truth of 'a deadline passed while the case is still active' (event's clock)."""
    moment = judged_at(now)
    return or_(
        and_(Alert.state == "open", Alert.response_due_at < moment),
        and_(Alert.state.in_(ACTIVE_STATES), Alert.resolution_due_at < moment),
    )


def alert_queue(filters: dict, now: datetime) -> Select:
    """Alerts matching the filters; overdue first, then critical, then the oldest."""
    overdue = overdue_clause(now)
    stmt = (
        select(Alert)
        .join(Event, Event.id == Alert.event_id)
        .options(
            selectinload(Alert.village),
            selectinload(Alert.commodity).selectinload(Commodity.units),
            selectinload(Alert.event),
        )
    )
    for name in ("state", "kind", "level", "category", "regency_code", "village_code", "event_id"):
        if filters.get(name):
            stmt = stmt.where(getattr(Alert, name) == filters[name])
    if filters.get("active"):
        stmt = stmt.where(Alert.state.in_(ACTIVE_STATES))
    if filters.get("overdue") is True:
        stmt = stmt.where(overdue)
    elif filters.get("overdue") is False:
        stmt = stmt.where(~overdue)
    return stmt.order_by(
        case((overdue, 0), else_=1),
        case((Alert.state.in_(ACTIVE_STATES), 0), else_=1),
        case((Alert.level == "critical", 0), else_=1),
        Alert.opened_at,
        Alert.id,
    )


def alert_counts(now: datetime) -> dict[str, int]:
    """One COUNT query: active, open, critical active, overdue (badge and dashboard)."""
    active = Alert.state.in_(ACTIVE_STATES)
    row = db.session.execute(
        select(
            func.count().filter(active),
            func.count().filter(Alert.state == "open"),
            func.count().filter(and_(active, Alert.level == "critical")),
            func.count().filter(overdue_clause(now)),
        )
        .select_from(Alert)
        .join(Event, Event.id == Alert.event_id)
    ).one()
    return dict(
        zip(("active", "open", "critical", "overdue"), (int(v or 0) for v in row), strict=True)
    )


def village_active_alerts(village_code: str) -> int:
    """How many open or acknowledged alerts a village has (public status page)."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Alert.village_code == village_code, Alert.state.in_(ACTIVE_STATES)
            )
        )
        or 0
    )


def get_alert(alert_id: int) -> Alert:
    """One alert with its timeline, or 404."""
    alert = db.session.scalar(
        select(Alert)
        .where(Alert.id == alert_id)
        .options(
            selectinload(Alert.actions),
            selectinload(Alert.village),
            selectinload(Alert.commodity).selectinload(Commodity.units),
            selectinload(Alert.event),
        )
    )
    if alert is None:
        abort(404)
    return alert


def village_evidence(alert: Alert) -> dict:
    """The village's assessments, shipments (items, receipts) and residents' reports."""
    assessments = list(
        db.session.scalars(
            select(Assessment)
            .where(
                Assessment.event_id == alert.event_id, Assessment.village_code == alert.village_code
            )
            .order_by(Assessment.assessed_at.desc())
            .limit(20)
        )
    )
    shipments = list(
        db.session.scalars(
            select(Shipment)
            .where(
                Shipment.event_id == alert.event_id, Shipment.destination_code == alert.village_code
            )
            .options(
                selectinload(Shipment.items),
                selectinload(Shipment.receipt)
                .selectinload(Receipt.photo_links)
                .selectinload(ReceiptPhoto.photo),
            )
            .order_by(Shipment.created_at.desc())
            .limit(50)
        )
    )
    # Corrections: the figures as amended (marked) and each amendment with its reason.
    amended = amended_figures(
        {
            "assessment": [a.id for a in assessments],
            "shipment_item": [i.id for sh in shipments for i in sh.items],
            "receipt_item": [i.id for sh in shipments if sh.receipt for i in sh.receipt.items],
        }
    )
    return {
        "assessments": assessments,
        "shipments": shipments,
        "reports": _reports(alert.village_code),
        "amended": amended,
        "amendments": amendments_in(alert.event_id, alert.village_code),
    }


def _reports(village_code: str) -> list:
    return list(
        db.session.scalars(
            select(ResidentReport)
            .where(ResidentReport.village_code == village_code)
            .order_by(ResidentReport.created_at.desc())
            .limit(50)
        )
    )


def regency_alerts(regency_code: str, now: datetime) -> list[Alert]:
    """Every alert of a regency for its printed report, in queue order."""
    return list(db.session.scalars(alert_queue({"regency_code": regency_code}, now)))


def replayed_events(event_ids=None) -> list[Event]:
    """Events judged at a replay moment (the demo), for the notice on alert pages."""
    stmt = select(Event).where(Event.scenario_at.is_not(None))
    if event_ids is not None:
        stmt = stmt.where(Event.id.in_(sorted(event_ids)))
    return list(db.session.scalars(stmt.order_by(Event.id)))


def notification_deliveries(status: str | None = None):
    """Messages to the channels, failed and waiting first, newest first (a select)."""
    stmt = select(NotificationAttempt).order_by(
        case(
            (NotificationAttempt.status == "failed", 0),
            (NotificationAttempt.status.in_(("pending", "sending")), 1),
            else_=2,
        ),
        NotificationAttempt.id.desc(),
    )
    if status:
        stmt = stmt.where(NotificationAttempt.status == status)
    return stmt


def get_notification(attempt_id: int) -> NotificationAttempt:
    """One message, or 404."""
    attempt = db.session.get(NotificationAttempt, attempt_id)
    if attempt is None:
        raise DomainError(_("Notifikasi tidak ditemukan."), status=404)
    return attempt


def channel_overview() -> list[dict]:
    """Each channel: whether settings turn it on, and where it sends (secrets masked)."""
    return [
        {"name": c.name, "enabled": c.enabled(), "settings": c.describe()}
        for c in CHANNELS.values()
    ]
