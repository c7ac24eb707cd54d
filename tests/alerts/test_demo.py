"""`demo load` leaves a realistic queue (issue 5): few alerts, each kind there for a reason."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from relief.extensions import db
from relief.unit_of_work import commit_write

# Intended ranges per kind: several Lebak villages short, one village nobody reached, a
# handover report late and one missing, wet sacks, a handover outside the village, residents'
# reports; one inequity in Lebak: medicine is needed by every affected household (default
# norm), and the lightly hit villages got a kit per family while the worst-hit got fewer.
RANGES = {
    "undersupplied": (4, 8),
    "no_delivery": (1, 2),
    "unconfirmed": (1, 3),
    "receipt_gap": (1, 2),
    "location_mismatch": (1, 1),
    "resident_reports": (1, 2),
    "inequity": (1, 1),
}


@pytest.fixture(scope="module")
def demo(app):
    """The whole demo, loaded once for this module (the tables are emptied afterwards)."""
    from relief.demo.loader import load_demo

    with app.app_context():
        reports = load_demo()
        commit_write()
    yield reports
    with app.app_context():
        from tests.conftest import REFERENCE_TABLES

        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        commit_write()


@pytest.fixture(autouse=True)
def _clean_tables():
    """Keep the module's demo between its tests (the suite-wide cleaner would empty it)."""
    yield


def _alerts():
    """The replayed scenario's alerts (the live exercise has its own, tested below)."""
    from relief.alerts.models import Alert
    from relief.demo.events import demo_event

    return list(
        db.session.scalars(
            select(Alert).where(Alert.event_id == demo_event().id).order_by(Alert.id)
        )
    )


def test_demo_queue_has_each_kind_within_its_range(app, demo):
    with app.app_context():
        kinds = Counter(a.kind for a in _alerts())
    assert 10 <= sum(kinds.values()) <= 30, kinds
    for kind, (low, high) in RANGES.items():
        assert low <= kinds[kind] <= high, (kind, kinds)


def test_each_alert_shows_the_reason_it_fired(app, demo):
    with app.app_context():
        alerts = _alerts()
        short = [a for a in alerts if a.kind == "undersupplied"]
        # Lebak's worst-hit villages, and the village nobody reached: no medicine either
        unreached = {a.village_code for a in alerts if a.kind == "no_delivery"}
        assert all(
            (a.regency_code == "36.02" and a.facts["severity"] >= 4)
            or (a.village_code in unreached and a.facts["delivered"] == 0)
            for a in short
        )
        assert all(a.opening_facts["coverage"] < 0.8 for a in short)
        assert len({a.village_code for a in short}) >= 3
        assert all(a.facts["delivered_shipments"] == 0 for a in alerts if a.kind == "no_delivery")
        assert all(
            a.facts["max_distance_m"] > 1000 for a in alerts if a.kind == "location_mismatch"
        )
        assert all(a.facts["ratio"] < 0.95 for a in alerts if a.kind == "receipt_gap")


def test_the_inequity_alert_compares_lebaks_worst_hit_with_its_lightly_hit_villages(app, demo):
    with app.app_context():
        (alert,) = [a for a in _alerts() if a.kind == "inequity"]
    assert (alert.village_code, alert.commodity_code, alert.category) == (
        "36.02",
        "medicine",
        "diskriminasi",
    )
    assert alert.facts["worst_hit_median"] < alert.facts["light_median"]
    assert alert.facts["light_villages"] >= 1 and alert.facts["worst_hit_villages"] >= 1


def test_one_case_answered_by_logistics_and_one_resolved(app, demo):
    with app.app_context():
        alerts = _alerts()
        answered = [a for a in alerts if any(x.action == "respond" for x in a.actions)]
        states = Counter(a.state for a in alerts)
    assert states["resolved"] == 1 and states["acknowledged"] == 1
    assert {a.state for a in answered} == {"acknowledged", "resolved"}
    acknowledged = next(a for a in answered if a.state == "acknowledged")
    assert acknowledged.condition_cleared_at is not None  # the promised truck came through


def test_some_open_alerts_are_overdue_at_the_replay_moment_and_most_are_not(
    app, demo, client, ombudsman
):
    listed = client.get("/api/v1/alerts?per_page=100", headers=ombudsman).json["items"]
    active = [i for i in listed if i["state"] in ("open", "acknowledged")]
    overdue = [i for i in active if i["overdue"]]
    assert 1 <= len(overdue) < len(active) / 2
    assert listed[0]["overdue"] is True  # overdue first


def test_demo_lies_before_its_replay_moment(app, demo):
    from relief.alerts.models import Alert, AlertAction
    from relief.complaints.models import ResidentReport
    from relief.coverage.models import Assessment
    from relief.demo.events import SCENARIO_AT, demo_event
    from relief.logistics.models import Receipt, Shipment, StatusChange

    with app.app_context():
        event = demo_event()
        assert event.scenario_at == SCENARIO_AT
        # The replay's records (the live exercise beside it lives on the real clock).
        for column, of_event in (
            (Assessment.assessed_at, Assessment.event_id == event.id),
            (
                StatusChange.at,
                StatusChange.shipment_id.in_(
                    select(Shipment.id).where(Shipment.event_id == event.id)
                ),
            ),
            (
                Receipt.received_at,
                Receipt.shipment_id.in_(select(Shipment.id).where(Shipment.event_id == event.id)),
            ),
            (ResidentReport.created_at, ResidentReport.event_id == event.id),
            (
                AlertAction.at,
                AlertAction.alert_id.in_(select(Alert.id).where(Alert.event_id == event.id)),
            ),
        ):
            assert db.session.scalar(select(func.max(column)).where(of_event)) <= SCENARIO_AT, (
                column
            )


def test_demo_matches_the_reported_regency_totals(app, demo):
    from relief.coverage.queries import area_coverage
    from relief.demo.events import demo_event

    reported = datetime(2020, 1, 4, tzinfo=UTC)  # before the illustrative reassessments
    with app.app_context():
        rows = {
            r["code"]: r
            for r in area_coverage(demo_event().id, reported, "regency", commodity="clothing")
        }
    # the reported 28 villages, and the lightly hit ones the demo adds (nobody displaced)
    assert (rows["36.02"]["displaced"], rows["36.02"]["villages"]) == (11_400, 28 + 4)
    assert rows["36.71"]["displaced"] == 3_350


def test_map_shows_well_and_badly_served_worst_hit_villages(app, demo):
    from relief.coverage.math import band
    from relief.coverage.queries import village_coverage
    from relief.demo.events import demo_event

    with app.app_context():
        rows = village_coverage(demo_event().id)  # as of the replay moment
    weakest: dict[str, float] = {}
    for r in rows:
        if r["is_core"] and r["coverage"] is not None and r["severity"] >= 4:
            weakest[r["code"]] = min(weakest.get(r["code"], 9.0), r["coverage"])
    bands = Counter(band(v) for v in weakest.values())
    assert bands["green"] >= 10 and bands["red"] >= 1


def test_the_live_exercise_is_judged_now_beside_the_replay(app, demo):
    from relief.alerts.models import Alert
    from relief.coverage.models import Assessment
    from relief.demo.events import EXERCISE_AGE_DAYS, exercise_event

    with app.app_context():
        exercise = exercise_event()
        assert exercise.scenario_at is None and exercise.ended_at is None  # live
        assert (datetime.now(UTC).date() - exercise.started_on).days == EXERCISE_AGE_DAYS
        assessed = db.session.scalar(
            select(func.count()).select_from(Assessment).where(Assessment.event_id == exercise.id)
        )
        kinds = Counter(db.session.scalars(select(Alert.kind).where(Alert.event_id == exercise.id)))
    assert assessed == 6
    assert kinds["undersupplied"] >= 6 and kinds["no_delivery"] == 6, kinds
