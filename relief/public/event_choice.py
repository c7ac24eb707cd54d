"""Which event a public page shows: `?event=<id or code>`, else the most recent open event.

Residents choose when several events are live or recent; a value that names no event keeps
the default and says so in Indonesian beside the picker (400), never a server error.

The events offered are the same for every village page, so each process keeps them (as plain
facts) until a reference write, such as an event created, changed or closed, renews them
(relief.core.cache.reference_value); an event that leaves the offer with time (closed more
than PUBLIC_EVENT_RECENT_DAYS ago) leaves it on the next page.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from relief.core.cache import reference_value
from relief.core.models import utcnow
from relief.events.facts import ShownEvent
from relief.events.queries import event_by_id_or_code, latest_open_event, recent_events

PARAM = "event"
OFFERED = 20  # the most events the picker lists


@dataclass(frozen=True)
class EventChoice:
    """The event shown, the events offered, whether the resident chose it, and any error."""

    event: ShownEvent | None
    events: list[ShownEvent] = field(default_factory=list)
    chosen: bool = False
    error: str | None = None

    @property
    def link_value(self) -> str | None:
        """What links carry as ?event= so the next page shows the same event (None: default)."""
        return self.event.code if self.chosen and self.event is not None else None


@dataclass(frozen=True)
class _Offer:
    events: tuple[ShownEvent, ...]  # not ended, or ended within the days, newest first
    latest: ShownEvent | None  # the default when none of them is open (latest_open_event)


def _read_offer(days: int) -> _Offer:
    events = tuple(ShownEvent.of(e) for e in recent_events(days, OFFERED))
    latest = None
    if not any(e.ended_at is None for e in events):
        latest = ShownEvent.of(latest_open_event())
    return _Offer(events, latest)


def _offer() -> _Offer:
    """The events offered now: the kept offer without those closed too long ago since it was
    read (read again when the limit may have left out one that now belongs)."""
    days = current_app.config.get("PUBLIC_EVENT_RECENT_DAYS", 30)
    offer = reference_value(f"public-events:{days}", lambda: _read_offer(days))
    since = utcnow() - timedelta(days=days)
    current = tuple(e for e in offer.events if e.ended_at is None or e.ended_at >= since)
    if len(current) == len(offer.events):
        return offer
    if len(offer.events) == OFFERED:
        return _read_offer(days)
    return _Offer(current, offer.latest)  # open events never leave: the default stays


def _offered(shown: ShownEvent | None, offer: _Offer) -> list[ShownEvent]:
    events = list(offer.events)
    if shown is not None and all(e.id != shown.id for e in events):
        events.append(shown)  # an older event named by a link stays selectable
    return events


def _default() -> tuple[ShownEvent | None, list[ShownEvent]]:
    """The most recent open event and the events offered (the offer holds every open event
    in the same order; only without one is the latest event the default)."""
    offer = _offer()
    default = next((e for e in offer.events if e.ended_at is None), None) or offer.latest
    return default, _offered(default, offer)


def choose_event(value: str | None) -> EventChoice:
    """The event for a public page from the query value (blank or absent: the default)."""
    value = (value or "").strip()
    if not value:
        return EventChoice(*_default())
    chosen = ShownEvent.of(event_by_id_or_code(value))
    if chosen is None:
        return EventChoice(
            *_default(),
            error=_(
                "Kejadian bencana \u201c%(value)s\u201d tidak ditemukan. "
                "Pilih kejadian dari daftar.",
                value=value[:40],
            ),
        )
    return EventChoice(chosen, _offered(chosen, _offer()), chosen=True)
