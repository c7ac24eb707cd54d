"""Periodic jobs: live events are evaluated without any write; geometry built after imports."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from relief.core.jobs import every_minutes
from relief.core.models import utcnow
from relief.extensions import db


def test_the_evaluation_schedule_follows_its_setting(app, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_EVALUATE_MINUTES", 15)
    is_due = every_minutes("ALERT_EVALUATE_MINUTES")
    with app.app_context():
        assert is_due(datetime(2026, 1, 5, 10, 30, tzinfo=UTC))
        assert not is_due(datetime(2026, 1, 5, 10, 37, tzinfo=UTC))


def test_no_delivery_after_48_hours_fires_without_any_write(app, scenario, alerts_of):
    """An assessment recorded 47 h ago raised nothing; an hour later the periodic job sees
    that still nothing was delivered, with no write and no command in between."""
    from relief.alerts.tasks import evaluate_live_events
    from relief.coverage.models import Assessment
    from relief.events.models import Event

    with app.app_context():
        db.session.add(
            Assessment(  # written straight to the table: no rule ran
                event_id=scenario["event_id"],
                village_code="36.02.25.2003",
                severity=3,
                assessed_at=utcnow() - timedelta(hours=49),
                displaced_persons=80,
                affected_persons=160,
                displaced_households=20,
            )
        )
        replayed = Event(
            code="REPLAY",
            name="Diputar ulang",
            started_on=utcnow().date(),
            emergency_until=utcnow().date(),
            scenario_at=utcnow(),
        )
        closed = Event(
            code="SELESAI",
            name="Sudah ditutup",
            started_on=utcnow().date(),
            emergency_until=utcnow().date(),
            ended_at=utcnow() - timedelta(days=1),
        )
        db.session.add_all([replayed, closed])
        db.session.flush()
        db.session.add(
            Assessment(  # would raise no_delivery too, were the event still open
                event_id=closed.id,
                village_code="36.02.25.2004",
                severity=3,
                assessed_at=utcnow() - timedelta(hours=49),
                displaced_persons=80,
                affected_persons=160,
                displaced_households=20,
            )
        )
        db.session.commit()
    assert alerts_of("no_delivery") == []
    with app.app_context():
        evaluate_live_events()  # what the worker runs every ALERT_EVALUATE_MINUTES
    [alert] = alerts_of("no_delivery")
    assert alert["village_code"] == "36.02.25.2003"
    from relief.core.job_runs import JobRun

    with app.app_context():
        ran = sorted(
            (r.name.rsplit(".", 1)[-1], r.args["args"], r.state)
            for r in db.session.scalars(select(JobRun))
        )
    # one evaluation per live event; the replayed one is left to `flask alerts evaluate`,
    # the closed one is not evaluated any more
    assert ran == [
        ("evaluate_event", [scenario["event_id"]], "done"),
        ("evaluate_live_events", [], "done"),
    ]


def test_live_event_ids_leave_out_replayed_and_closed_events(app):
    from relief.events.models import Event
    from relief.events.queries import live_event_ids

    today = utcnow().date()
    with app.app_context():
        events = {
            code: Event(code=code, name=code, started_on=today, emergency_until=today, **extra)
            for code, extra in (
                ("OPEN1", {}),
                ("OPEN2", {}),
                ("REPLAY", {"scenario_at": utcnow()}),
                ("ENDED", {"ended_at": utcnow()}),
                ("ENDEDREPLAY", {"scenario_at": utcnow(), "ended_at": utcnow()}),
            )
        }
        db.session.add_all(events.values())
        db.session.commit()
        assert live_event_ids() == sorted([events["OPEN1"].id, events["OPEN2"].id])


def test_geometry_bodies_are_built_into_the_shared_cache_for_the_current_revision(
    app, tmp_path, monkeypatch
):
    from relief.areas.revision import current_revision
    from relief.areas.tasks import rebuild_geometry_caches

    monkeypatch.setitem(app.config, "GEODATA_CACHE_DIR", "")
    with app.app_context():
        revision = current_revision()
        db.session.rollback()  # the job runs here (immediate mode), in a session of its own
        rebuild_geometry_caches()  # memory-only cache: nothing to share, nothing built
        assert not any(tmp_path.iterdir())
        monkeypatch.setitem(app.config, "GEODATA_CACHE_DIR", str(tmp_path))
        app.extensions.pop("relief_geojson_cache", None)
        rebuild_geometry_caches()
        app.extensions.pop("relief_geojson_cache", None)
    built = list((tmp_path / revision).iterdir())
    assert len(built) >= 9  # Banten, and its 8 regencies at two levels of detail
