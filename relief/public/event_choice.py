"""Which event a public page shows: `?event=<id or code>`, else the most recent open event.

Residents choose when several events are live or recent; a value that names no event keeps
the default and says so in Indonesian beside the picker (400), never a server error.
"""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

from relief.events.models import Event
from relief.events.queries import event_by_id_or_code, latest_open_event, recent_events

PARAM = "event"


@dataclass(frozen=True)
class EventChoice:
    """The event shown, the events offered, whether the resident chose it, and any error."""

    event: Event | None
    events: list[Event] = field(default_factory=list)
    chosen: bool = False
    error: str | None = None

    @property
    def link_value(self) -> str | None:
        """What links carry as ?event= so the next page shows the same event (None: default)."""
        return self.event.code if self.chosen and self.event is not None else None


def _offered(shown: Event | None, events: list[Event] | None = None) -> list[Event]:
    if events is None:
        events = recent_events(current_app.config.get("PUBLIC_EVENT_RECENT_DAYS", 30))
    if shown is not None and shown not in events:
        events.append(shown)  # an older event named by a link stays selectable
    return events


def _default() -> tuple[Event | None, list[Event]]:
    """The most recent open event and the events offered, in one statement (the offer holds
    every open event in the same order; only without one is the latest event looked up)."""
    events = recent_events(current_app.config.get("PUBLIC_EVENT_RECENT_DAYS", 30))
    default = next((e for e in events if e.ended_at is None), None) or latest_open_event()
    return default, _offered(default, events)


def choose_event(value: str | None) -> EventChoice:
    """The event for a public page from the query value (blank or absent: the default)."""
    value = (value or "").strip()
    if not value:
        return EventChoice(*_default())
    chosen = event_by_id_or_code(value)
    if chosen is None:
        return EventChoice(
            *_default(),
            error=_(
                "Kejadian bencana \u201c%(value)s\u201d tidak ditemukan. "
                "Pilih kejadian dari daftar.",
                value=value[:40],
            ),
        )
    return EventChoice(chosen, _offered(chosen), chosen=True)
