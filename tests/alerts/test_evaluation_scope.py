"""A whole-event evaluation runs province by province, with no list of village codes in SQL."""

import re
from datetime import timedelta

from sqlalchemy import event, func, insert, select

from relief.alerts import evaluation
from relief.alerts.models import Alert
from relief.areas.models import Area
from relief.core.models import utcnow
from relief.coverage.models import Assessment
from relief.extensions import db

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
