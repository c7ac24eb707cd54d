"""Time a full alert evaluation over all 1,552 Banten villages (synthetic assessments).

Usage, on a scratch database (the real boundaries are optional; evaluation reads none):
    export DATABASE_URL=sqlite:////tmp/bench.db        # or postgresql://...
    flask --app wsgi db upgrade && flask --app wsgi demo load
    flask --app wsgi geodata import ../shared/geodata/banten_villages.geojson
    PYTHONPATH=. python bench/alerts_bench.py [--rounds 3]

Adds one synthetic assessment to every village without one, then, inside a savepoint rolled
back after each measurement, times `evaluate` twice (opening every alert, then refreshing)
in two ways on the same rows in the same run (alternating which goes first):
- shared: the run's `FeedInputs` reads assessments and coverage once (the code as it is);
- per feed: every feed reads them itself, as before coverage was shared (two coverage
  queries and three assessment summaries per run).
Everything is rolled back at the end.
"""

import argparse
import json
import random
import statistics
import time
from datetime import UTC, datetime

from sqlalchemy import func, select

from relief import create_app
from relief.alerts import evaluation
from relief.alerts.feeds import FeedInputs
from relief.areas.models import Area
from relief.coverage.models import Assessment
from relief.demo.events import demo_event
from relief.extensions import db

AS_OF = datetime(2020, 1, 8, 12, tzinfo=UTC)


class PerFeedInputs(FeedInputs):
    """The earlier behaviour: each feed reads assessments (and coverage) afresh."""

    def _forget(self) -> None:
        self.__dict__.pop("_summary", None)
        self.__dict__.pop("_coverage", None)

    def summary(self, regencies: bool = False) -> dict:
        """A fresh assessment summary on every call."""
        self._forget()
        return super().summary(regencies)

    def coverage(self, regencies: bool = False) -> list[dict]:
        """A fresh summary and a fresh coverage query on every call."""
        self._forget()
        return super().coverage(regencies)


def _fill(rng: random.Random, event_id: int) -> int:
    assessed = set(db.session.scalars(select(Assessment.village_code).distinct()))
    villages = db.session.scalars(select(Area.code).where(Area.level == "village")).all()
    db.session.add_all(
        Assessment(
            event_id=event_id,
            village_code=code,
            assessed_at=datetime(2020, 1, 2, tzinfo=UTC),
            displaced_persons=rng.randint(0, 400),
            affected_persons=rng.randint(0, 900),
            displaced_households=rng.randint(0, 100),
            severity=rng.randint(1, 5),
            source="bench",
            is_demo=True,
        )
        for code in villages
        if code not in assessed
    )
    db.session.flush()
    return db.session.scalar(select(func.count(func.distinct(Assessment.village_code))))


def _measure(event_id: int, inputs_class) -> tuple[float, float, dict]:
    """(first, refresh) seconds and the first run's counts, rolled back afterwards."""
    evaluation.FeedInputs = inputs_class
    savepoint = db.session.begin_nested()
    try:
        started = time.perf_counter()
        counts = evaluation.evaluate(event_id, as_of=AS_OF)
        first = time.perf_counter() - started
        started = time.perf_counter()
        evaluation.evaluate(event_id, as_of=AS_OF)
        refresh = time.perf_counter() - started
    finally:
        savepoint.rollback()
        evaluation.FeedInputs = FeedInputs
    return first, refresh, counts


def main() -> None:
    """Fill, time both ways in alternation, report medians, roll back."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    app = create_app()
    with app.app_context():
        event = demo_event()
        total = _fill(random.Random(1), event.id)
        print(f"{db.engine.dialect.name}: {total} villages assessed, as of {AS_OF:%Y-%m-%d %H:%M}")
        times = {"per feed (before)": [], "shared (after)": []}
        ways = [("per feed (before)", PerFeedInputs), ("shared (after)", FeedInputs)]
        for index in range(rounds):
            # Alternate the order: rolled-back rows slow whichever way runs second a little.
            for label, cls in ways if index % 2 == 0 else ways[::-1]:
                first, refresh, counts = _measure(event.id, cls)
                times[label].append((first, refresh))
        started = time.perf_counter()
        FeedInputs(event.id, AS_OF, None).coverage()
        print(
            f"one coverage query for every assessed village: {time.perf_counter() - started:.2f} s"
        )
        for label, runs in times.items():
            first = statistics.median(f for f, _ in runs)
            refresh = statistics.median(r for _, r in runs)
            print(
                f"{label}: first evaluation {first:.2f} s, re-evaluation {refresh:.2f} s "
                f"(median of {rounds})"
            )
        print(f"alerts opened by a first evaluation: {counts['opened']}")
        print(
            json.dumps(
                {
                    "bench": "alerts",
                    "villages_assessed": total,
                    "rounds": rounds,
                    "opened": counts["opened"],
                    "results": {
                        label: {
                            "first_s": statistics.median(f for f, _ in runs),
                            "again_s": statistics.median(r for _, r in runs),
                        }
                        for label, runs in times.items()
                    },
                }
            )
        )
        db.session.rollback()


if __name__ == "__main__":
    main()
