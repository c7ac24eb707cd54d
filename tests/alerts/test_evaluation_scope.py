"""A whole-event evaluation runs province by province, with no list of village codes in SQL."""

from datetime import timedelta

from sqlalchemy import event, func, insert, select

from relief.alerts import evaluation
from relief.alerts.models import Alert
from relief.areas.models import Area
from relief.core.models import utcnow
from relief.coverage.models import Assessment
from relief.extensions import db


def _assess_every_village(event_id: int, regency: str | None = None) -> int:
    stmt = select(Area.code).where(Area.level == "village")
    if regency:
        stmt = stmt.where(Area.regency_code == regency)
    codes = db.session.scalars(stmt).all()
    at = utcnow() - timedelta(hours=80)
    db.session.execute(insert(Assessment), [
        {"event_id": event_id, "village_code": code, "assessed_at": at, "severity": 4,
         "displaced_persons": 50, "affected_persons": 100, "displaced_households": 12}
        for code in codes])
    db.session.flush()
    return len(codes)


def test_full_evaluation_binds_no_village_code_lists(app, scenario):
    """Every village assessed: no statement of the run binds more than a handful of values
    (before, each assessed code went into the coverage query three times)."""
    with app.app_context():
        villages = _assess_every_village(scenario["event_id"])
        assert villages > 1000
        widest = []

        def count(conn, cursor, statement, parameters, context, executemany):
            if not executemany:
                widest.append(len(parameters or ()))

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            counts = evaluation.evaluate(scenario["event_id"])
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert counts["opened"] >= villages  # every village undersupplied and without delivery
        assert max(widest) < 50
        db.session.rollback()


def test_provinces_in_turn_find_what_one_pass_finds(app, scenario, monkeypatch):
    """Splitting by province changes nothing: the same alerts as one pass over everything."""
    with app.app_context():
        _assess_every_village(scenario["event_id"], "36.02")
        evaluation.evaluate(scenario["event_id"])
        by_province = db.session.execute(
            select(Alert.fingerprint, Alert.level).order_by(Alert.fingerprint)).all()
        db.session.rollback()
        _assess_every_village(scenario["event_id"], "36.02")
        monkeypatch.setattr(evaluation, "_provinces", lambda: [])
        evaluation.evaluate(scenario["event_id"])
        one_pass = db.session.execute(
            select(Alert.fingerprint, Alert.level).order_by(Alert.fingerprint)).all()
        assert by_province == one_pass
        assert db.session.scalar(select(func.count(Alert.id))) > 300
        db.session.rollback()
