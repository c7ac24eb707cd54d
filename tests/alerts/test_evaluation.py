"""Evaluation: one alert per fingerprint, refreshed facts, cleared and recurring conditions."""

from datetime import timedelta

from sqlalchemy import func, select

from relief.alerts.models import Alert, AlertAction
from relief.core.models import utcnow
from relief.extensions import db


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_repeated_evaluation_keeps_one_alert_per_fingerprint(app, assess, evaluate_all):
    assess(severity=4, hours_ago=50)
    first = evaluate_all()
    assert first["opened"] == 0 and first["refreshed"] == 1  # the write already opened it
    for _ in range(3):
        assert evaluate_all()["opened"] == 0
    assert count(app, Alert) == 1
    assert count(app, AlertAction) == 1  # only the opening: refreshes are not new steps


def test_reevaluation_refreshes_facts_but_keeps_opening_facts(app, assess, evaluate_all):
    assess(severity=3, hours_ago=50)
    evaluate_all(as_of=utcnow() + timedelta(hours=10))
    with app.app_context():
        alert = db.session.scalars(select(Alert)).one()
        assert (
            alert.facts["hours_since_assessment"]
            > alert.opening_facts["hours_since_assessment"] + 9
        )


def test_time_based_rule_opens_only_from_the_evaluate_command(app, assess, runner):
    assess(severity=3, hours_ago=40)
    assert count(app, Alert) == 0
    result = runner.invoke(args=["alerts", "evaluate"])
    assert result.exit_code == 0, result.output
    assert count(app, Alert) == 0
    later = (utcnow() + timedelta(hours=9)).isoformat()
    result = runner.invoke(args=["alerts", "evaluate", "--as-of", later])
    assert "'opened': 1" in result.output
    assert count(app, Alert) == 1


def test_condition_that_returns_after_resolution_reopens_the_same_alert(
    app, client, assess, evaluate_all, ombudsman
):
    from relief.alerts.feeds import assessment_summary  # noqa: F401 - feeds import cleanly

    assess(severity=3, hours_ago=50)
    with app.app_context():
        alert_id = db.session.scalar(select(Alert.id))
    before = utcnow() - timedelta(hours=10)  # the condition did not hold then: it clears
    evaluate_all(as_of=before)
    client.post(
        f"/api/v1/alerts/{alert_id}/actions",
        json={"action": "resolve", "note": "Dikirim ulang"},
        headers=ombudsman,
    )
    evaluate_all()
    with app.app_context():
        alert = db.session.get(Alert, alert_id)
        assert (alert.state, alert.condition_cleared_at) == ("open", None)
        assert [a.action for a in alert.actions] == ["open", "clear", "resolve", "recur"]
    assert count(app, Alert) == 1


def test_a_failing_rule_never_breaks_the_write(app, assess, monkeypatch):
    from relief.alerts import feeds

    def broken(*args):
        raise RuntimeError("rule bug")

    monkeypatch.setitem(feeds.FEEDS, "no_delivery", broken)
    assess(severity=5, hours_ago=50)  # commits inside; would raise if the receiver did
    from relief.coverage.models import Assessment

    assert count(app, Assessment) == 1 and count(app, Alert) == 0


def test_no_delivery_counts_shipments_pending_at_the_moment_judged(app, assess, ship, scenario):
    from relief.alerts.feeds import FeedInputs, no_delivery_feed
    from relief.alerts.settings import thresholds

    assess(severity=4, hours_ago=80)
    ship(hours_ago=1, deliver=False)  # logged two hours ago, on the road since one hour ago
    with app.app_context():

        def pending(hours_ago: float) -> int:
            inputs = FeedInputs(
                scenario["event_id"], utcnow() - timedelta(hours=hours_ago), None, ["no_delivery"]
            )
            [row] = no_delivery_feed(inputs, thresholds())
            return row["pending_shipments"]

        assert (pending(5), pending(0)) == (0, 1)
