"""Assessments: what a village needed at a moment (history kept; the latest counts)."""

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import UTCDateTime, prefix_index, utcnow
from relief.extensions import db


class Assessment(db.Model):
    """A village's situation as assessed at `assessed_at`."""

    __tablename__ = "assessment"
    __table_args__ = (
        Index("ix_assessment_event_village_time", "event_id", "village_code", "assessed_at"),
        prefix_index("ix_assessment_village_prefix", "village_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    village_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    affected_persons: Mapped[int] = mapped_column(Integer, default=0)
    displaced_persons: Mapped[int] = mapped_column(Integer, default=0)
    households: Mapped[int] = mapped_column(Integer, default=0)  # affected households (KK)
    displaced_households: Mapped[int] = mapped_column(Integer, default=0)
    houses_heavy: Mapped[int] = mapped_column(Integer, default=0)
    houses_moderate: Mapped[int] = mapped_column(Integer, default=0)
    houses_light: Mapped[int] = mapped_column(Integer, default=0)
    deaths: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    flood_depth_cm: Mapped[float | None] = mapped_column(Float)
    severity: Mapped[int] = mapped_column(Integer)  # 1..5, computed unless overridden
    severity_override_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_demo: Mapped[bool] = mapped_column(default=False)
