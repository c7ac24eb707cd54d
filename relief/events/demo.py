"""Demo step: the January 2020 Banten floods."""

from datetime import date

from sqlalchemy import select

from relief.events.models import Event
from relief.extensions import db

DEMO_EVENT_CODE = "BJR2020"


def demo_event() -> Event | None:
    """The demo event, once loaded."""
    return db.session.scalar(select(Event).where(Event.code == DEMO_EVENT_CODE))


def load(rng) -> str:
    """The flood of 1 January 2020; emergency to 14 January, extended to 28 January."""
    if demo_event():
        return "event exists"
    db.session.add(
        Event(
            code=DEMO_EVENT_CODE,
            name="Banjir dan longsor Banten, Januari 2020",
            kind="flood",
            started_on=date(2020, 1, 1),
            emergency_until=date(2020, 1, 28),
            description=(
                "Tanggap darurat 1-14 Januari 2020, diperpanjang sampai 28 Januari 2020 "
                "(Lebak). Skenario demo ilustratif."
            ),
            is_demo=True,
        )
    )
    db.session.flush()
    return "event Banjir Januari 2020"
