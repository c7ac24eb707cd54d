"""The demo's stock: every demo depot tracked, its ledger never below zero in the replay,
no stock idle (the replay's alert stories stay), and the exercise's dispatches pass."""

import random
from datetime import UTC, datetime

from sqlalchemy import select

from relief.extensions import db
from relief.unit_of_work import commit_write
from tests.logistics.test_demo import demo_base  # noqa: F401 - fixture


def test_demo_stock_balances_and_lets_the_exercise_dispatch(demo_base, runner):  # noqa: F811
    from relief.demo import logistics as logistics_demo
    from relief.demo import stock as stock_demo
    from relief.demo.events import SCENARIO_AT
    from relief.logistics.models import Depot
    from relief.stock import queries
    from relief.stock.models import StockEntry

    logistics_demo.load(random.Random(20200101))
    report = stock_demo.load(random.Random(1))
    commit_write()
    assert "stock entries" in report
    depots = list(db.session.scalars(select(Depot)))
    assert all(
        queries.tracked_since(d.id) is not None
        for d in depots
        if db.session.scalar(select(StockEntry.id).where(StockEntry.depot_id == d.id))
    )
    for depot in depots:
        for moment in (datetime(2020, 1, 5, 12, tzinfo=UTC), SCENARIO_AT):
            assert all(v >= -1e-6 for v in queries.on_hand_at(depot.id, moment).values())
    since = datetime(2020, 1, 6, 12, tzinfo=UTC)
    assert queries.idle_stock([d.id for d in depots], since, SCENARIO_AT) == {}
    lebak = next(d for d in depots if d.name == stock_demo.EXERCISE_DEPOT)
    assert queries.available_from(lebak.id, datetime.now(UTC), ["rice"])["rice"] >= 5000
    assert stock_demo.load(random.Random(1)) == "stock already loaded"
    db.session.remove()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
