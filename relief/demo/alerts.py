"""Demo step: evaluate the rules at two moments of the replayed scenario, and play two cases.

The alerts of a real deployment come from writes and from a periodic `flask alerts evaluate`.
The demo replays that: a first round on 5 January 2020, 19:00 WIB (12:00 UTC), when logistics
answers one alert and takes up another, and a second round on 8 January, 19:00 WIB, after which
the Ombudsman resolves the answered case. The event's replay moment (9 January, 12:00 WIB,
`Event.scenario_at`) then judges the deadlines: alerts of the first round that nobody answered
are overdue, those of the second are not. The stories behind the alerts are planned in
relief/demo/logistics_plan.py.
"""

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from relief.alerts.evaluation import evaluate
from relief.alerts.models import Alert
from relief.alerts.services import act
from relief.auth.models import User
from relief.demo.events import demo_event, exercise_event
from relief.extensions import db

ROUNDS = (datetime(2020, 1, 5, 12, tzinfo=UTC), datetime(2020, 1, 8, 12, tzinfo=UTC))


def _first(kind: str, event_id: int, level: str | None = None) -> Alert | None:
    stmt = select(Alert).where(
        Alert.event_id == event_id, Alert.kind == kind, Alert.state == "open"
    )
    if level:
        stmt = stmt.where(Alert.level == level)
    return db.session.scalar(stmt.order_by(Alert.village_code, Alert.id).limit(1))


def _users() -> tuple[User | None, User | None]:
    by_name = {
        u.username: u
        for u in db.session.scalars(
            select(User).where(User.username.in_(("logistik", "ombudsman")))
        )
    }
    return by_name.get("logistik"), by_name.get("ombudsman")


def _answer_first_round(event_id: int, logistik: User) -> tuple[Alert | None, Alert | None]:
    """Logistics answers the critical shortage, and takes up the missing handover report."""
    first = ROUNDS[0]
    answered = _first("undersupplied", event_id, "critical")
    if answered:
        act(answered, "acknowledge", logistik, at=first + timedelta(hours=3))
        act(
            answered,
            "respond",
            logistik,
            "Jalan ke desa putus; beras dikirim bertahap dengan motor. Truk kecil dari BPBD "
            "Lebak lewat jalur Cipanas dijadwalkan 7 Januari.",
            planned_delivery=datetime(2020, 1, 7, tzinfo=UTC),
            at=first + timedelta(hours=5),
        )
    taken = _first("unconfirmed", event_id)
    if taken:
        act(taken, "acknowledge", logistik, at=first + timedelta(hours=2))
        act(
            taken,
            "respond",
            logistik,
            "BAST ditandatangani kepala desa, dipindai dan diunggah.",
            at=datetime(2020, 1, 6, 4, tzinfo=UTC),
        )
    return answered, taken


def _evaluate_exercise() -> str:
    """The live exercise judged now (as the job worker would): its queue is not empty."""
    exercise = exercise_event()
    if exercise is None or db.session.scalar(
        select(Alert.id).where(Alert.event_id == exercise.id).limit(1)
    ):
        return ""
    evaluate(exercise.id)
    count = db.session.scalar(
        select(func.count()).select_from(Alert).where(Alert.event_id == exercise.id)
    )
    return f"; exercise: {count} alerts"


def load(rng) -> str:
    """Two evaluation rounds of the replayed scenario, and the cases played between them;
    then the live exercise, judged now (after the replay, whose alert ids stay as they were)."""
    report = _load_replay()
    return report + _evaluate_exercise()


def _load_replay() -> str:
    event = demo_event()
    if event is None:
        return "no demo event"
    if db.session.scalar(select(Alert.id).where(Alert.event_id == event.id).limit(1)):
        return "alerts exist"
    logistik, ombudsman = _users()
    evaluate(event.id, as_of=ROUNDS[0])
    answered = taken = None
    if logistik is not None:
        answered, taken = _answer_first_round(event.id, logistik)
    evaluate(event.id, as_of=ROUNDS[1])
    if taken is not None and ombudsman is not None:
        act(
            taken,
            "resolve",
            ombudsman,
            "Bukti serah terima diperiksa, sesuai.",
            at=ROUNDS[1] + timedelta(hours=3),
        )
    kinds = Counter(db.session.scalars(select(Alert.kind).where(Alert.event_id == event.id)))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    return (
        f"rounds {', '.join(f'{r:%Y-%m-%d %H:%M}' for r in ROUNDS)} UTC: {summary}; "
        f"acknowledged #{answered.id if answered else '-'}, "
        f"resolved #{taken.id if taken else '-'}"
    )
