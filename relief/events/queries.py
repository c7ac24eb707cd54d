"""Reads over events: lists with filters, the event a page shows, an event's present."""

from datetime import datetime, timedelta

from flask import has_request_context, session
from sqlalchemy import Select, String, cast, func, or_, select

from relief.core.cache import reference_value
from relief.core.models import utcnow
from relief.events.facts import ShownEvent
from relief.events.models import Event
from relief.extensions import db

CHOSEN = "event_id"  # session key: the event the staff picker chose


def event_search(filters: dict | None = None) -> Select:
    """Events by kind, state (open, closed, replay), regency and name; newest first."""
    filters = filters or {}
    stmt = select(Event).order_by(Event.started_on.desc(), Event.id)
    if filters.get("kind"):
        stmt = stmt.where(Event.kind == filters["kind"])
    state = filters.get("state")
    if state == "replay":
        stmt = stmt.where(Event.scenario_at.is_not(None))
    elif state == "closed":
        stmt = stmt.where(Event.ended_at.is_not(None))
    elif state == "open":
        stmt = stmt.where(Event.ended_at.is_(None), Event.scenario_at.is_(None))
    if filters.get("regency"):
        # A JSON list of short codes: its text holds the quoted code.
        stmt = stmt.where(cast(Event.regency_codes, String).contains(f'"{filters["regency"]}"'))
    if filters.get("q"):
        stmt = stmt.where(
            func.lower(Event.name).contains(filters["q"].strip().lower(), autoescape=True)
        )
    return stmt


def all_events(filters: dict | None = None) -> list[Event]:
    """Every event (optionally filtered), newest first."""
    return list(db.session.scalars(event_search(filters)))


def picker_events() -> tuple[ShownEvent, ...]:
    """Every event, newest first, as plain facts: the staff picker on every staff page. Kept
    per process until a reference write (an event created, changed or closed) renews it."""
    return reference_value("staff-picker-events", lambda: tuple(map(ShownEvent.of, all_events())))


def picked_event(events: tuple[ShownEvent, ...]) -> ShownEvent | None:
    """Of `events` (newest first), the one picked in this session, else the latest started:
    the facts of the event `shown_event` loads."""
    chosen = chosen_event_id()
    return next((e for e in events if e.id == chosen), None) or (events[0] if events else None)


def get_event(event_id: int) -> Event:
    """One event, or 404."""
    return db.get_or_404(Event, event_id)


def latest_event() -> Event | None:
    """The most recently started event."""
    return db.session.scalar(select(Event).order_by(Event.started_on.desc(), Event.id).limit(1))


def latest_open_event() -> Event | None:
    """The most recently started event that has not ended, else the latest started."""
    return (
        db.session.scalar(
            select(Event)
            .where(Event.ended_at.is_(None))
            .order_by(Event.started_on.desc(), Event.id)
            .limit(1)
        )
        or latest_event()
    )


def recent_events(ended_within_days: int, limit: int = 20) -> list[Event]:
    """Events not ended, or ended within the last days: what residents choose from."""
    since = utcnow() - timedelta(days=ended_within_days)
    return list(
        db.session.scalars(
            select(Event)
            .where(or_(Event.ended_at.is_(None), Event.ended_at >= since))
            .order_by(Event.started_on.desc(), Event.id)
            .limit(limit)
        )
    )


def event_by_id_or_code(value: str) -> Event | None:
    """An event named by its id (digits) or its code (any case), or None."""
    value = value.strip()
    if not value or len(value) > 32:  # codes are at most 32 characters
        return None
    if value.isdigit():
        return db.session.get(Event, int(value)) if len(value) <= 12 else None
    return db.session.scalars(
        select(Event).where(func.upper(Event.code) == value.upper()).order_by(Event.id)
    ).first()


def chosen_event_id() -> int | None:
    """The event the staff picker remembers for this browser session."""
    return session.get(CHOSEN) if has_request_context() else None


def current_event() -> Event | None:
    """The event public pages show: the most recently started one."""
    return latest_event()


def shown_event(events: list[Event] | None = None) -> Event | None:
    """The event staff pages show: the one picked in this session, else the latest started
    (the first of `events`, when the caller already holds every event newest first)."""
    chosen = chosen_event_id()
    if chosen:
        event = db.session.get(Event, chosen)  # no query when `events` loaded it
        if event is not None:
            return event
    if events is not None:
        return events[0] if events else None
    return latest_event()


def event_now(event_id: int | None) -> datetime:
    """An event's present: its replay moment when replayed, else the real now."""
    event = db.session.get(Event, event_id) if event_id else None
    return event.now() if event is not None else utcnow()


def live_event_ids() -> list[int]:
    """Open events on the real clock (not replayed, not ended): the worker evaluates their
    rules periodically; a closed event's alerts stay as they were when it ended."""
    return list(
        db.session.scalars(
            select(Event.id)
            .where(Event.scenario_at.is_(None), Event.ended_at.is_(None))
            .order_by(Event.id)
        )
    )
