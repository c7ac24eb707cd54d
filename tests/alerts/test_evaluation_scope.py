"""A whole-event evaluation runs province by province, with no list of village codes in SQL."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, event, func, insert, select

from relief.alerts import evaluation
from relief.alerts.models import Alert
from relief.areas.models import Area
from relief.core.models import utcnow
from relief.coverage.models import Assessment
from relief.extensions import db
from relief.logistics.models import Shipment

VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


def _assess_every_village(event_id: int, regency: str | None = None) -> int:
    stmt = select(Area.code).where(Area.level == "village")
    if regency:
        stmt = stmt.where(Area.regency_code == regency)
    codes = db.session.scalars(stmt).all()
    at = utcnow() - timedelta(hours=80)
    db.session.execute(
        insert(Assessment),
        [
            {
                "event_id": event_id,
                "village_code": code,
                "assessed_at": at,
                "severity": 4,
                "displaced_persons": 50,
                "affected_persons": 100,
                "displaced_households": 12,
            }
            for code in codes
        ],
    )
    db.session.flush()
    return len(codes)


def test_full_evaluation_binds_no_village_code_lists(app, scenario):
    """Every village assessed: no statement of the run binds a list of village codes (before,
    each assessed code went into the coverage query three times; the statements' other
    parameters, such as the amended fields, do not grow with the villages)."""
    with app.app_context():
        villages = _assess_every_village(scenario["event_id"])
        assert villages > 1000
        widest = []

        def count(conn, cursor, statement, parameters, context, executemany):
            if not executemany:
                values = parameters.values() if isinstance(parameters, dict) else parameters or ()
                widest.append(
                    sum(1 for v in values if isinstance(v, str) and VILLAGE_CODE.match(v))
                )

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            counts = evaluation.evaluate(scenario["event_id"])
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert counts["opened"] >= villages  # every village undersupplied and without delivery
        assert max(widest) <= 1  # at most one village named; never a list of them
        db.session.rollback()


def test_provinces_in_turn_find_what_one_pass_finds(app, scenario, monkeypatch):
    """Splitting by province changes nothing: the same alerts as one pass over everything."""
    with app.app_context():
        _assess_every_village(scenario["event_id"], "36.02")
        evaluation.evaluate(scenario["event_id"])
        by_province = db.session.execute(
            select(Alert.fingerprint, Alert.level).order_by(Alert.fingerprint)
        ).all()
        db.session.rollback()
        _assess_every_village(scenario["event_id"], "36.02")
        monkeypatch.setattr(evaluation, "_provinces", lambda: [])
        evaluation.evaluate(scenario["event_id"])
        one_pass = db.session.execute(
            select(Alert.fingerprint, Alert.level).order_by(Alert.fingerprint)
        ).all()
        assert by_province == one_pass
        assert db.session.scalar(select(func.count(Alert.id))) > 300
        db.session.rollback()


def _second_province() -> str:
    """A village of another province (Jakarta's code space), in this transaction only."""
    from tests import factories

    return factories.village_chain(
        "31.71.01.1001", ("DKI Jakarta", "Jakarta Pusat", "Gambir", "Gambir")
    )


def _overrides(event_id: int, villages: list[str]) -> None:
    """A plausibility override recorded an hour ago in each village (each raises an alert)."""
    from relief.audit.models import PlausibilityOverride

    db.session.add_all(
        PlausibilityOverride(
            guard="displaced_population",
            entity="assessment",
            entity_id=str(n),
            event_id=event_id,
            village_code=code,
            facts="{}",
            reason="dicatat di lapangan",
            by="tester",
            at=utcnow() - timedelta(hours=1),
        )
        for n, code in enumerate(villages)
    )
    db.session.flush()


def test_feeds_read_only_their_province_in_a_whole_event_run(app, scenario):
    """Each province's part reads only that province's rows. The override feed read the whole
    country in every part, so a second run met another province's alert it had not loaded
    and opened it again (a unique-fingerprint error once an event spanned two provinces)."""
    with app.app_context():
        villages = [_second_province(), "36.02.25.2003"]
        _overrides(scenario["event_id"], villages)
        statements = []

        def watch(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().startswith("SELECT") and "plausibility_override" in statement:
                statements.append(statement)

        first = evaluation.evaluate(scenario["event_id"], kinds=["plausibility_override"])
        event.listen(db.engine, "before_cursor_execute", watch)
        try:
            again = evaluation.evaluate(scenario["event_id"], kinds=["plausibility_override"])
        finally:
            event.remove(db.engine, "before_cursor_execute", watch)
        assert first["opened"] == 2
        assert again == {**again, "opened": 0, "refreshed": 2}
        found = db.session.scalars(select(Alert.village_code).order_by(Alert.village_code))
        assert list(found) == sorted(villages)
        assert len(statements) == 2  # one read per province part, each by its code prefix
        db.session.rollback()


def test_a_re_evaluation_of_unchanged_facts_writes_no_alert(app, scenario):
    """The facts' shipment lists come in one order (oldest delivery first) on every run, so
    evaluating again with nothing changed rewrites no alert: unordered, each run's list came
    in whatever order the scan found, and a national re-evaluation rewrote (and re-versioned)
    thousands of alerts whose findings had not changed."""
    from tests import factories

    with app.app_context():
        now = utcnow()
        # Newest first on disk, so that the table's own order is not the facts' order.
        for hours in (75, 90, 120):
            factories.shipment(
                scenario["event_id"], "36.02.25.2003", delivered_at=now - timedelta(hours=hours)
            )
        evaluation.evaluate(scenario["event_id"], as_of=now, kinds=["unconfirmed"])
        alert = db.session.scalar(select(Alert).where(Alert.kind == "unconfirmed"))
        shipments = alert.facts["shipments"]
        assert len(shipments) == 3
        waybills = db.session.scalars(
            select(Shipment.waybill_no).order_by(Shipment.delivered_at, Shipment.id)
        )
        assert shipments == list(waybills)
        version = alert.version
        writes = []

        def watch(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().startswith("UPDATE alert "):
                writes.append(statement)

        event.listen(db.engine, "before_cursor_execute", watch)
        try:
            evaluation.evaluate(scenario["event_id"], as_of=now, kinds=["unconfirmed"])
        finally:
            event.remove(db.engine, "before_cursor_execute", watch)
        db.session.refresh(alert)
        assert (alert.version, writes) == (version, [])
        db.session.rollback()


def test_the_job_commits_each_province_on_its_own(app, scenario, restore_areas, monkeypatch):
    """The job and `flask alerts evaluate` commit province by province (one transaction over a
    country held every province's audit entry until the end): a failure undoes only the
    province it happened in, and the retry finishes the rest without redoing anything."""
    from relief.alerts import tasks
    from relief.alerts.models import AlertAction, NotificationAttempt
    from relief.unit_of_work import commit_write

    def alerted() -> list[str]:
        db.session.rollback()
        return list(db.session.scalars(select(Alert.village_code).order_by(Alert.village_code)))

    with app.app_context():
        jakarta = _second_province()
        _overrides(scenario["event_id"], [jakarta, "36.02.25.2003"])
        commit_write()
        real = evaluation.evaluate

        def cut_in_banten(event_id, as_of=None, province=None, **kwargs):
            if province == "36":
                raise RuntimeError("connection cut")
            return real(event_id, as_of=as_of, province=province, **kwargs)

        monkeypatch.setattr(evaluation, "evaluate", cut_in_banten)
        try:
            tasks.evaluate_by_province(scenario["event_id"])
        except RuntimeError:
            pass
        else:
            raise AssertionError("the cut did not reach the job")
        assert alerted() == [jakarta]  # Jakarta's part committed, Banten's rolled back
        monkeypatch.setattr(evaluation, "evaluate", real)
        counts = tasks.evaluate_by_province(scenario["event_id"])
        assert (counts["opened"], counts["refreshed"]) == (1, 1)
        assert alerted() == [jakarta, "36.02.25.2003"]
        # What refers to the Jakarta village goes before restore_areas removes it.
        ids = select(Alert.id)
        db.session.execute(delete(NotificationAttempt).where(NotificationAttempt.alert_id.in_(ids)))
        db.session.execute(delete(AlertAction).where(AlertAction.alert_id.in_(ids)))
        db.session.execute(delete(Alert))
        commit_write()


@pytest.mark.parametrize(
    "kind",
    [
        "no_delivery",
        "unconfirmed",
        "receipt_gap",
        "location_mismatch",
        "resident_reports",
        "receipt_disputed",
        "plausibility_override",
    ],
)
def test_a_province_part_reads_by_the_province_code_range(app, scenario, kind):
    """Every statement a per-village feed runs for one province's part is bounded by that
    province's code range, whatever rows exist (receipt_disputed and plausibility_override
    read the whole country in every part before)."""
    from relief.alerts.feeds import FEEDS, FeedInputs
    from relief.alerts.settings import thresholds

    with app.app_context():
        bound = []

        def watch(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                return  # BEGIN and the like
            values = parameters.values() if isinstance(parameters, dict) else parameters or ()
            bound.append(("36." in set(values) and "36/" in set(values), statement[:70]))

        inputs = FeedInputs(scenario["event_id"], utcnow(), None, [kind], "36")
        t = thresholds()
        event.listen(db.engine, "before_cursor_execute", watch)
        try:
            FEEDS[kind](inputs, t)
        finally:
            event.remove(db.engine, "before_cursor_execute", watch)
        assert bound and all(ok for ok, _ in bound), bound
        db.session.rollback()


def test_a_province_is_planned_for_its_own_villages_on_every_run(app, scenario):
    """The job re-evaluates a province on the same connection again and again. Its statements
    scoped by the province's code prefix are never prepared (relief.core.database,
    CUSTOM_PLAN): a prepared one turns generic after a few runs, and a generic plan takes the
    prefix range for a few rows even where the province holds every village."""
    with app.app_context():
        _assess_every_village(scenario["event_id"], "36.02")
        runs = [evaluation.evaluate(scenario["event_id"], province="36") for _ in range(7)]
        assert runs[0]["opened"] > 0 and all(run["opened"] == 0 for run in runs[1:])
        if db.engine.dialect.name == "postgresql":
            prepared = db.session.connection().exec_driver_sql(
                "SELECT statement FROM pg_prepared_statements"
            )
            statements = [statement for (statement,) in prepared]
            assert statements  # the job's other statements are prepared as before
            assert not [s for s in statements if "~>=~" in s]  # code_prefix on PostgreSQL
        db.session.rollback()
