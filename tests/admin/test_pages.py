"""Admin pages: the checklist with its load-defaults button, events, organisations, depots
and account changes, each with filters; the event bar and its remembered choice."""

from sqlalchemy import select

from relief.extensions import db
from tests.admin.conftest import audit_actions


def test_checklist_names_what_is_missing_with_links(client, login_as):
    login_as("admin")
    page = client.get("/admin")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'href="/admin/organisations"' in html and 'href="/admin/events"' in html
    assert "Muat komoditas" not in html  # the catalogue is there already in the test database
    response = client.post("/admin/catalog/defaults")
    assert response.status_code == 302


def test_an_admin_opens_closes_and_filters_events_in_the_pages(app, client, login_as):
    from relief.events.models import Event

    login_as("admin")
    response = client.post(
        "/admin/events",
        data={
            "name": "Banjir Cibeber",
            "kind": "flood",
            "started_on": "2026-11-29",
            "regency_codes": ["36.02", "36.01"],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.name == "Banjir Cibeber"))
        assert event.regency_codes == ["36.01", "36.02"] and event.ended_at is None
        event_id = event.id
    closed = client.post(
        f"/admin/events/{event_id}",
        data={"name": "Banjir Cibeber", "emergency_until": "2026-12-12", "closed": "y"},
    )
    assert closed.status_code == 302
    row = f'href="/admin/events/{event_id}"'
    assert row in client.get("/admin/events?state=closed").get_data(as_text=True)
    assert row not in client.get("/admin/events?state=open").get_data(as_text=True)
    assert audit_actions(app, "event") == ["create_event", "update_event"]


def test_bad_event_form_input_is_shown_near_the_field(client, login_as):
    login_as("admin")
    response = client.post(
        "/admin/events", data={"name": "X", "kind": "flood", "started_on": "2026-11-29"}
    )
    assert response.status_code == 422


def test_organisation_depot_and_account_pages(app, client, login_as, make_user):
    login_as("admin")
    made = client.post(
        "/admin/organisations",
        data={
            "name": "PMI Kabupaten Lebak",
            "kind": "pmi",
            "regency_codes": ["36.02"],
            "complaint_phone": "0252 123456",
        },
    )
    assert made.status_code == 302, made.get_data(as_text=True)[:500]
    from relief.organisations.models import Organisation

    with app.app_context():
        organisation_id = db.session.scalar(select(Organisation.id))
    depot = client.post(
        "/admin/depots",
        data={
            "name": "Gudang PMI Rangkasbitung",
            "kind": "gudang",
            "organisation_id": organisation_id,
            "regency_code": "36.02",
            "lat": "-6.3597",
            "lon": "106.2494",
        },
    )
    assert depot.status_code == 302, depot.get_data(as_text=True)[:800]
    assert "Gudang PMI Rangkasbitung" in client.get(
        f"/admin/depots?organisation_id={organisation_id}"
    ).get_data(as_text=True)
    user_id, username, _ = make_user("logistics", area_codes=["36.02", "36.01"])
    shown = client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert 'value="36.02, 36.01"' in shown  # the scope as the admin types it
    changed = client.post(
        f"/admin/users/{user_id}",
        data={
            "name": "Petugas PMI",
            "role": "logistics",
            "organisation_id": organisation_id,
            "area_codes": "36.02",
            "active": "y",
        },
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)[:800]
    users = client.get("/admin/users?role=logistics&area=36.02").get_data(as_text=True)
    assert username in users
    disabled = client.post(
        f"/admin/users/{user_id}",
        data={
            "name": "Petugas PMI",
            "role": "logistics",
            "organisation_id": organisation_id,
            "area_codes": "36.02",
        },
    )
    assert disabled.status_code == 302
    assert username in client.get("/admin/users?active=false").get_data(as_text=True)


def test_a_logistics_account_without_scope_is_refused_in_the_user_form(client, login_as):
    login_as("admin")
    response = client.post(
        "/admin/users",
        data={
            "username": "baru",
            "name": "Baru",
            "role": "logistics",
            "organisation_id": "0",
            "area_codes": "",
            "password": "rahasiaBesar2026",
        },
    )
    assert response.status_code == 422
    assert "wajib punya organisasi" in response.get_data(as_text=True)


def test_admin_pages_refuse_other_roles(client, login_as):
    login_as("logistics")
    for path in (
        "/admin",
        "/admin/events",
        "/admin/organisations",
        "/admin/depots",
        "/admin/users",
    ):
        assert client.get(path).status_code == 403, path


def _older_and_live_events(app, replay: bool) -> tuple[int, int]:
    """An older event (the 2020 floods replayed, or a flood of 2025) and the live exercise
    "Latihan banjir" started after it: their ids."""
    from datetime import UTC, date, datetime

    from relief.events.models import Event

    if replay:
        older = Event(code="R2020", name="Banjir 2020 (putar ulang)", started_on=date(2020, 1, 1))
        older.scenario_at = datetime(2020, 1, 9, 5, tzinfo=UTC)
        older.emergency_until = date(2020, 1, 14)
    else:
        older = Event(code="B2025", name="Banjir 2025", started_on=date(2025, 1, 1))
        older.emergency_until = date(2025, 1, 14)
    live = Event(
        code="L2026",
        name="Latihan banjir",
        started_on=date(2026, 11, 28),
        emergency_until=date(2026, 12, 11),
    )
    with app.app_context():
        db.session.add_all([older, live])
        db.session.commit()
        return older.id, live.id


def test_the_event_bar_names_the_event_and_remembers_the_choice(app, client, login_as):
    replay_id, _ = _older_and_live_events(app, replay=True)
    login_as("ombudsman")
    first = client.get("/dashboard").get_data(as_text=True)
    assert "Latihan banjir" in first and "Langsung: waktu nyata." in first  # latest started
    chosen = client.post("/event/choose", data={"event_id": replay_id, "next": "/alerts"})
    assert chosen.status_code == 302 and chosen.headers["Location"].endswith("/alerts")
    later = client.get("/dashboard").get_data(as_text=True)
    assert "<h2>Banjir 2020 (putar ulang)</h2>" in later and "Putar ulang per" in later
    queue = client.get("/alerts").get_data(as_text=True)
    assert f'<option value="{replay_id}" selected>' in queue  # the queue follows the picker
    assert "event=" + str(replay_id) in queue  # and so do its exports


def test_the_event_bar_is_kept_until_an_event_changes(app, client, login_as, monkeypatch):
    """As deployed, every staff page's picker comes from memory (no query of the event
    table); renaming or closing an event renews it on the next page, and the session's
    choice still picks the event shown."""
    from sqlalchemy import event as sa_event

    from relief.events.models import Event
    from relief.events.services import update_event
    from relief.unit_of_work import commit_write

    older_id, newer_id = _older_and_live_events(app, replay=False)
    with app.app_context():
        engine = db.engine
    monkeypatch.setitem(app.config, "REFERENCE_CACHE", True)
    monkeypatch.setitem(app.extensions, "relief_reference_values", {})
    login_as("ombudsman")
    assert "Latihan banjir" in client.get("/dashboard").get_data(as_text=True)  # builds it
    reads = []

    def note(conn, cursor, statement, *args):
        # every event, newest first (the page's own read of the event it shows has a LIMIT)
        if "FROM event ORDER BY event.started_on DESC" in statement and "LIMIT" not in statement:
            reads.append(statement)

    sa_event.listen(engine, "before_cursor_execute", note)
    try:
        page = client.get("/dashboard").get_data(as_text=True)
    finally:
        sa_event.remove(engine, "before_cursor_execute", note)
    assert reads == []  # from memory
    assert f'<option value="{newer_id}" selected>Latihan banjir</option>' in page
    with app.app_context():
        update_event(db.session.get(Event, older_id), {"name": "Banjir Lebak 2025"})
        commit_write()
    client.post("/event/choose", data={"event_id": older_id, "next": "/dashboard"})
    page = client.get("/dashboard").get_data(as_text=True)
    assert f'<option value="{older_id}" selected>Banjir Lebak 2025</option>' in page
