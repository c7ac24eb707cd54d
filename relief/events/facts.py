"""An event's facts as plain values, detached from any database session: what pages show of
an event and what a process may keep across requests (relief.core.cache.reference_value)."""

from dataclasses import dataclass
from datetime import date, datetime

from relief.events.models import Event


@dataclass(frozen=True)
class ShownEvent:
    """The facts of an event that public pages show and compute with, detached from any
    database session (kept across requests)."""

    id: int
    code: str
    name: str
    started_on: date
    emergency_until: date
    norm_profile: str
    scenario_at: datetime | None
    ended_at: datetime | None

    @classmethod
    def of(cls, event: Event | None) -> "ShownEvent | None":
        """The facts of a loaded event (None for None)."""
        if event is None:
            return None
        return cls(
            event.id,
            event.code,
            event.name,
            event.started_on,
            event.emergency_until,
            event.norm_profile,
            event.scenario_at,
            event.ended_at,
        )
