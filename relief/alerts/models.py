"""Alerts, their case actions, and the notification queue."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relief.core.models import UTCDateTime, prefix_index, utcnow
from relief.extensions import db

STATES = ("open", "acknowledged", "resolved", "dismissed")
ACTIVE_STATES = ("open", "acknowledged")
LEVELS = ("warning", "critical")


def fingerprint_of(kind: str, event_id: int, village_code: str, commodity: str | None) -> str:
    """The one identity of an alert: kind, event, village (or regency), commodity."""
    return f"{kind}:{event_id}:{village_code}:{commodity or '-'}"


class Alert(db.Model):
    """A condition a rule found in one village (or regency, for inequity) of one event."""

    __tablename__ = "alert"
    __table_args__ = (
        Index("ix_alert_state_level", "state", "level"),
        Index("ix_alert_event_kind_village", "event_id", "kind", "village_code"),
        Index("ix_alert_regency_state", "regency_code", "state"),
        prefix_index("ix_alert_regency_prefix", "regency_code"),
        # A village page counts its active alerts: without it, every active alert in the
        # country was read to count one village's (16 ms a page at 66,000 alerts).
        Index("ix_alert_village_state", "village_code", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    village_code: Mapped[str] = mapped_column(ForeignKey("area.code"))  # regency for inequity
    regency_code: Mapped[str | None] = mapped_column(String(16))
    commodity_code: Mapped[str | None] = mapped_column(ForeignKey("commodity.code"))
    level: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(40))
    suggested_category: Mapped[str] = mapped_column(String(40))
    opening_facts: Mapped[dict] = mapped_column(JSON)
    facts: Mapped[dict] = mapped_column(JSON)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    condition_cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default="open")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    actions: Mapped[list["AlertAction"]] = relationship(
        back_populates="alert", order_by="AlertAction.id", cascade="all, delete-orphan"
    )
    village = relationship("Area", foreign_keys=[village_code])
    commodity = relationship("Commodity")
    event = relationship("Event")

    __mapper_args__ = {"version_id_col": version}

    def overdue_at(self, moment: datetime) -> bool:
        """Response or resolution deadline passed at `moment` while the case is still active."""
        if self.state == "open" and self.response_due_at < moment:
            return True
        return self.state in ACTIVE_STATES and self.resolution_due_at < moment

    def judged_at(self, now: datetime) -> datetime:
        """The moment deadlines are judged at: the event's replay moment, else `now`."""
        return (self.event.scenario_at if self.event is not None else None) or now

    def is_overdue(self, now: datetime) -> bool:
        """Overdue by the event's clock (a replayed scenario is judged at its moment)."""
        return self.overdue_at(self.judged_at(now))


class AlertAction(db.Model):
    """One step of an alert's timeline: who, in which role, when, what and why."""

    __tablename__ = "alert_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(String(120))  # user name, or "sistem"
    role: Mapped[str] = mapped_column(String(16))  # logistics | ombudsman | system
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    planned_delivery: Mapped[datetime | None] = mapped_column(UTCDateTime)
    category: Mapped[str | None] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))

    alert: Mapped[Alert] = relationship(back_populates="actions")
    account = relationship("User", lazy="joined")  # the person, shown by name


class NotificationAttempt(db.Model):
    """One message (about an alert, a resident's report, or a test) to one channel; sent by
    the job worker, retried with backoff until sent or given up (relief/alerts/delivery.py)."""

    __tablename__ = "notification_attempt"
    __table_args__ = (Index("ix_notification_status_next", "status", "next_try_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alert.id"), index=True)
    topic: Mapped[str] = mapped_column(String(16), default="alert")  # alert | report | test
    channel: Mapped[str] = mapped_column(String(16))
    trigger: Mapped[str] = mapped_column(String(16))  # opened|escalated|reopened|report|test
    payload: Mapped[dict] = mapped_column(JSON)
    # pending -> sending (claimed by a worker until lease_until) -> sent | pending | failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "report:<id>:<channel>": a report is announced once on each channel
    dedupe_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    alert: Mapped[Alert] = relationship()
