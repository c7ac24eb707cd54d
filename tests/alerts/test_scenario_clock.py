"""A replayed event (Event.scenario_at) is judged at its replay moment, a live one at now."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from relief.core.models import utcnow
from relief.extensions import db
from relief.unit_of_work import commit_write

OPENED = datetime(2020, 1, 5, 12, tzinfo=UTC)  # response due 8 Jan 12:00, resolution 19 Jan


@pytest.fixture
def replayed(app):
    """Factory: a committed 2020 event replayed at a moment (None: a live event); its id."""
    from relief.events.models import Event

    counter = iter(range(1, 100))

    def make(scenario_at: datetime | None) -> int:
        with app.app_context():
            event = Event(
                code=f"R{next(counter)}",
                name="Banjir replay",
                started_on=date(2020, 1, 1),
                emergency_until=date(2020, 1, 28),
                scenario_at=scenario_at,
            )
            db.session.add(event)
            commit_write()
            return event.id

    return make


@pytest.fixture
def alert_in(app):
    """Factory: an open alert of an event opened on 5 January 2020 (the demo's first round)."""
    from relief.alerts.models import Alert, fingerprint_of

    def make(event_id: int, state: str = "open", code: str = "36.02.25.2003") -> int:
        with app.app_context():
            alert = Alert(
                fingerprint=fingerprint_of("no_delivery", event_id, code, None),
                kind="no_delivery",
                event_id=event_id,
                village_code=code,
                regency_code="36.02",
                level="critical",
                category="tidak_memberikan_pelayanan",
                suggested_category="tidak_memberikan_pelayanan",
                opening_facts={},
                facts={},
                opened_at=OPENED,
                evaluated_at=OPENED,
                state=state,
                response_due_at=OPENED + timedelta(days=3),
                resolution_due_at=OPENED + timedelta(days=14),
            )
            db.session.add(alert)
            commit_write()
            return alert.id

    return make


def _overdue(client, headers) -> dict[int, bool]:
    items = client.get("/api/v1/alerts", headers=headers).json["items"]
    return {i["id"]: i["overdue"] for i in items}


def test_deadlines_are_judged_at_the_replay_moment_not_today(client, replayed, alert_in, ombudsman):
    before_due = alert_in(replayed(datetime(2020, 1, 7, tzinfo=UTC)))
    after_due = alert_in(replayed(datetime(2020, 1, 9, 5, tzinfo=UTC)))
    live = alert_in(replayed(None))  # a live event: 2020 deadlines are long past today
    assert _overdue(client, ombudsman) == {before_due: False, after_due: True, live: True}
    only = client.get("/api/v1/alerts?overdue=false", headers=ombudsman).json["items"]
    assert [i["id"] for i in only] == [before_due]
    order = [i["id"] for i in client.get("/api/v1/alerts", headers=ombudsman).json["items"]]
    assert order[-1] == before_due  # overdue first


def test_acknowledged_case_is_overdue_only_after_its_resolution_deadline(
    client, replayed, alert_in, ombudsman
):
    within = alert_in(replayed(datetime(2020, 1, 18, tzinfo=UTC)), state="acknowledged")
    past = alert_in(replayed(datetime(2020, 1, 20, tzinfo=UTC)), state="acknowledged")
    assert _overdue(client, ombudsman) == {within: False, past: True}


def test_counts_badge_and_queue_page_use_the_event_clock(app, client, replayed, alert_in, login_as):
    from relief.alerts.queries import alert_counts

    alert_in(replayed(datetime(2020, 1, 7, tzinfo=UTC)))
    alert_in(replayed(datetime(2020, 1, 9, 5, tzinfo=UTC)))
    with app.app_context():
        assert alert_counts(utcnow()) == {"active": 2, "open": 2, "critical": 2, "overdue": 1}
    login_as("ombudsman")
    page = client.get("/alerts?event=all").get_data(as_text=True)  # both events' queues
    assert page.count('class="is-overdue"') == 1
    assert "Skenario diputar ulang pada 9 Jan 2020 12.00 WIB" in page
    assert "Skenario diputar ulang pada 7 Jan 2020 07.00 WIB" in page


def test_live_event_shows_no_replay_notice(client, replayed, alert_in, login_as):
    alert_in(replayed(None))
    login_as("ombudsman")
    assert "Skenario diputar ulang" not in client.get("/alerts").get_data(as_text=True)


def test_evaluation_defaults_to_the_replay_moment(app, replayed):
    from relief.alerts.evaluation import evaluate
    from relief.alerts.models import Alert
    from relief.coverage.models import Assessment

    moment = datetime(2020, 1, 5, 12, tzinfo=UTC)
    event_id = replayed(moment)
    with app.app_context():
        db.session.add(
            Assessment(
                event_id=event_id,
                village_code="36.02.25.2003",
                severity=4,
                assessed_at=moment - timedelta(hours=50),
                displaced_persons=100,
                displaced_households=25,
            )
        )
        db.session.flush()
        assert evaluate(event_id)["opened"] >= 1
        alerts = db.session.scalars(select(Alert)).all()
        assert {a.opened_at for a in alerts} == {moment}
        assert {a.response_due_at for a in alerts} == {moment + timedelta(days=3)}
        db.session.rollback()


def test_reopened_replayed_case_gets_deadlines_from_the_replay_moment(
    app, client, replayed, alert_in, ombudsman
):
    moment = datetime(2020, 1, 9, 5, tzinfo=UTC)
    alert_id = alert_in(replayed(moment), state="resolved")
    done = client.post(
        f"/api/v1/alerts/{alert_id}/actions", json={"action": "reopen"}, headers=ombudsman
    )
    assert done.status_code == 201, done.json
    assert done.json["response_due_at"].startswith("2020-01-12T05:00")
    assert done.json["overdue"] is False


def test_coverage_and_map_default_to_the_replay_moment(app, client, replayed, login_as):
    from relief.coverage.models import Assessment
    from relief.coverage.queries import village_coverage

    event_id = replayed(datetime(2020, 1, 9, 5, tzinfo=UTC))
    with app.app_context():
        db.session.add(
            Assessment(
                event_id=event_id,
                village_code="36.02.25.2003",
                severity=4,
                assessed_at=datetime(2020, 1, 2, tzinfo=UTC),
                displaced_persons=100,
                displaced_households=25,
            )
        )
        commit_write()
        rice = [r for r in village_coverage(event_id) if r["commodity"] == "rice"]
        assert rice[0]["need"] == pytest.approx(100 * 0.4 * 8)  # 8 days by 9 January
    login_as("ombudsman")
    page = client.get(f"/coverage/map?event_id={event_id}").get_data(as_text=True)
    assert 'value="2020-01-09"' in page
