"""Demo step: the January 2020 Banten floods, replayed as of 9 January 2020, 12:00 WIB, and
a live exercise event ("Latihan banjir") on the real clock beside it.

The replay is read-only for new writes; the exercise takes them, so a delivery a visitor
records moves the map, the village page and the alert queue at once.
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from relief.events.models import Event
from relief.extensions import db

DEMO_EVENT_CODE = "BJR2020"
EXERCISE_CODE = "LATIHAN"
# The exercise began this many days before the demo was loaded: long enough for the
# time-based alert rules (72 h after the first assessment) to judge its villages at once.
EXERCISE_AGE_DAYS = 4
# The replay moment: the app judges the demo's deadlines and default "as of" at this moment,
# and every demo record lies at or before it.
SCENARIO_AT = datetime(2020, 1, 9, 5, tzinfo=UTC)  # 9 January 2020, 12:00 WIB


def demo_event() -> Event | None:
    """The demo event, once loaded."""
    return db.session.scalar(select(Event).where(Event.code == DEMO_EVENT_CODE))


def exercise_event() -> Event | None:
    """The live exercise event, once loaded."""
    return db.session.scalar(select(Event).where(Event.code == EXERCISE_CODE))


def _load_exercise() -> str:
    if exercise_event():
        return "exercise exists"
    started = (datetime.now(UTC) - timedelta(days=EXERCISE_AGE_DAYS)).date()
    db.session.add(
        Event(
            code=EXERCISE_CODE,
            name="Latihan banjir Lebak (langsung)",
            kind="flood",
            started_on=started,
            emergency_until=started + timedelta(days=13),
            regency_codes=["36.02"],
            is_demo=True,
            scenario_at=None,
            description=(
                "Latihan pada jam nyata: pengiriman dan asesmen baru langsung tampil di "
                "peta, halaman desa dan antrean peringatan. Data latihan, bukan resmi."
            ),
        )
    )
    db.session.flush()
    return "exercise Latihan banjir (live)"


def load(rng) -> str:
    """The flood of 1 January 2020 (replayed) and the live exercise (real clock)."""
    exercise = _load_exercise()
    if demo_event():
        return f"event exists; {exercise}"
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
            regency_codes=["36.02", "36.03", "36.71", "36.74"],
        )
    )
    db.session.flush()
    return f"event Banjir Januari 2020; {exercise}"
