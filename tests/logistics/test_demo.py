"""The demo scenario: deterministic, illustrative, quick, with an intact audit chain."""

import random
import time

import pytest
from sqlalchemy import func, select

from relief.extensions import db
from relief.unit_of_work import commit_write


@pytest.fixture
def demo_base(app_ctx, make_user):
    """The demo event, its assessments (the shipments answer them) and the `logistik` user
    (hashing demo passwords is slow, so one user)."""
    from relief.demo import coverage as coverage_demo
    from relief.demo import events as events_demo

    events_demo.load(random.Random(1))
    coverage_demo.load(random.Random(1))
    commit_write()
    make_user("logistics", username="logistik")


def _load(seed: int) -> float:
    from relief.demo import logistics as demo

    started = time.perf_counter()
    demo.load(random.Random(seed))
    return time.perf_counter() - started


def test_demo_loads_every_status_quickly_and_keeps_the_audit_chain(demo_base, runner):
    from relief.demo.events import SCENARIO_AT
    from relief.logistics.models import Depot, Receipt, ReceiptItem, Shipment, StatusChange

    elapsed = _load(20200101)
    commit_write()
    assert elapsed < 20  # about 5 s on a quiet 2-core machine; generous for busy CI
    statuses = dict(
        db.session.execute(select(Shipment.status, func.count()).group_by(Shipment.status)).all()
    )
    assert set(statuses) == {"planned", "dispatched", "delivered", "cancelled"}
    assert sum(statuses.values()) >= 200
    assert db.session.scalar(select(func.count()).select_from(Depot)) == 5
    assert not db.session.scalar(select(func.count()).where(~Shipment.is_demo))
    assert db.session.scalar(select(func.count()).where(ReceiptItem.rejected_base > 0))
    delivered_without_bast = db.session.scalar(
        select(func.count()).where(Shipment.status == "delivered", ~Shipment.receipt.has())
    )
    assert delivered_without_bast > 0
    assert db.session.scalar(select(func.count()).select_from(Receipt)) > 100
    assert db.session.scalar(select(func.max(StatusChange.at))) <= SCENARIO_AT
    assert db.session.scalar(select(func.max(Receipt.received_at))) <= SCENARIO_AT
    db.session.remove()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output


def test_demo_ships_to_every_assessed_village_and_only_there(demo_base):
    from relief.coverage.models import Assessment
    from relief.logistics.models import Shipment

    _load(20200101)
    assessed = set(db.session.scalars(select(Assessment.village_code).distinct()))
    shipped = set(db.session.scalars(select(Shipment.destination_code).distinct()))
    assert shipped == assessed


def test_demo_is_deterministic(demo_base):
    from relief.logistics.models import Shipment

    def story():
        _load(7)
        rows = db.session.execute(
            select(Shipment.destination_code, Shipment.status, Shipment.created_at).order_by(
                Shipment.id
            )
        ).all()
        db.session.rollback()
        return rows

    first = story()
    assert first and story() == first
