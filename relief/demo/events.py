"""Demo step: the January 2020 Banten floods, replayed as of 9 January 2020, 12:00 WIB."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from relief.events.models import Event
from relief.extensions import db

DEMO_EVENT_CODE = "BJR2020"
# The replay moment: the app judges the demo's deadlines and default "as of" at this moment,
# and every demo record lies at or before it.
SCENARIO_AT = datetime(2020, 1, 9, 5, tzinfo=UTC)  # 9 January 2020, 12:00 WIB


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
            scenario_at=SCENARIO_AT,
        )
    )
    db.session.flush()
    return "event Banjir Januari 2020"
