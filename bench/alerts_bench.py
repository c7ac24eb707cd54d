"""Time a full alert evaluation over all 1,552 Banten villages (synthetic assessments).

Usage: DATABASE_URL=sqlite:////tmp/x.db python bench/alerts_bench.py  (after `demo load`).
Adds one synthetic assessment to every village without one (rolled back at the end), then
times `evaluate` twice: opening every alert, and re-evaluating (refresh only).
"""

import random
import time
from datetime import UTC, datetime

from sqlalchemy import func, select

from relief import create_app
from relief.alerts.evaluation import evaluate
from relief.areas.models import Area
from relief.coverage.models import Assessment
from relief.events.demo import demo_event
from relief.extensions import db

AS_OF = datetime(2020, 1, 8, 12, tzinfo=UTC)


def main() -> None:
    """Fill, time, roll back."""
    app = create_app()
    rng = random.Random(1)
    with app.app_context():
        event = demo_event()
        assessed = set(db.session.scalars(select(Assessment.village_code).distinct()))
        villages = db.session.scalars(select(Area.code).where(Area.level == "village")).all()
        db.session.add_all(Assessment(
            event_id=event.id, village_code=code, assessed_at=datetime(2020, 1, 2, tzinfo=UTC),
            displaced_persons=rng.randint(0, 400), affected_persons=rng.randint(0, 900),
            displaced_households=rng.randint(0, 100), severity=rng.randint(1, 5),
            source="bench", is_demo=True) for code in villages if code not in assessed)
        db.session.flush()
        total = db.session.scalar(select(func.count(func.distinct(Assessment.village_code))))
        for label in ("first evaluation (opens alerts)", "re-evaluation (refresh)"):
            started = time.perf_counter()
            counts = evaluate(event.id, as_of=AS_OF)
            print(f"{label}: {total} villages, {time.perf_counter() - started:.2f} s, {counts}")
        db.session.rollback()


if __name__ == "__main__":
    main()
