"""A disaster event and its emergency-response period."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db

KINDS = ("flood", "landslide", "earthquake", "tsunami", "volcano", "fire", "drought", "other")


class Event(db.Model):
    """A disaster with its decreed emergency period (tanggap darurat)."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # used in waybill numbers
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="flood")
    started_on: Mapped[date] = mapped_column(Date)
    emergency_until: Mapped[date] = mapped_column(Date)
    norm_profile: Mapped[str] = mapped_column(String(32), default="kemensos")
    description: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Replay moment: a replayed historical scenario (the demo) is judged as if it were now;
    # NULL for a live event, whose "now" is the real clock.
    scenario_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Regencies struck (area codes "36.02", ...); a short list read whole.
    regency_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Closed: the event takes no new shipments from this moment.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def now(self) -> datetime:
        """The event's present: its replay moment when replayed, else the real now (UTC)."""
        return self.scenario_at or utcnow()

    @property
    def is_replay(self) -> bool:
        """A replayed historical scenario: read-only for new writes."""
        return self.scenario_at is not None

    @property
    def is_closed(self) -> bool:
        """Closed by an admin: no new shipments."""
        return self.ended_at is not None

    @property
    def emergency_days(self) -> int:
        """Length of the emergency period in days, both ends included."""
        return (self.emergency_until - self.started_on).days + 1
