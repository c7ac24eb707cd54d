"""Reads over events."""

from sqlalchemy import select

from relief.events.models import Event
from relief.extensions import db


def all_events() -> list[Event]:
    """Every event, newest first."""
    return list(db.session.scalars(select(Event).order_by(Event.started_on.desc(), Event.id)))


def current_event() -> Event | None:
    """The event shown by default: the most recently started one."""
    return db.session.scalar(select(Event).order_by(Event.started_on.desc(), Event.id).limit(1))
