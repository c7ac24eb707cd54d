"""Reads over events."""

from datetime import datetime

from sqlalchemy import select

from relief.core.models import utcnow
from relief.events.models import Event
from relief.extensions import db


def all_events() -> list[Event]:
    """Every event, newest first."""
    return list(db.session.scalars(select(Event).order_by(Event.started_on.desc(), Event.id)))


def current_event() -> Event | None:
    """The event shown by default: the most recently started one."""
    return db.session.scalar(select(Event).order_by(Event.started_on.desc(), Event.id).limit(1))


def event_now(event_id: int | None) -> datetime:
    """An event's present: its replay moment when replayed, else the real now."""
    event = db.session.get(Event, event_id) if event_id else None
    return event.now() if event is not None else utcnow()


def live_event_ids() -> list[int]:
    """Events on the real clock (not replayed): the worker evaluates their rules periodically."""
    return list(db.session.scalars(
        select(Event.id).where(Event.scenario_at.is_(None)).order_by(Event.id)))
