"""Residents choose the event on public pages (?event=<id or code>): the village page and the
complaint form offer open and recently closed events, default to the most recent open one,
and answer a value that names no event with an Indonesian message, never a server error."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from relief import create_app
from relief.complaints.models import ResidentReport
from relief.core import cache
from relief.core.models import utcnow
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories

from .conftest import VILLAGE

UNKNOWN = "Kejadian bencana \u201cTIDAKADA\u201d tidak ditemukan. Pilih kejadian dari daftar."
FORM = {
    "village": VILLAGE,
    "category": "not_received",
    "text": "Sudah tiga hari beras belum sampai ke RT 02",
}


def _deliver(event_id: int, sacks: int, waybill: str) -> None:
    from relief.logistics.models import Shipment, ShipmentItem

    when = datetime(2026, 2, 3, 9, tzinfo=UTC)
    depot = factories.depot()
    shipment = Shipment(
        waybill_no=waybill,
        event_id=event_id,
        origin_depot=depot,
        destination_code=VILLAGE,
        status="delivered",
        dispatched_at=when,
        delivered_at=when + timedelta(hours=5),
        confirmation_code=waybill[-6:],
    )
    shipment.items.append(
        ShipmentItem(commodity_code="rice", quantity=sacks, unit="sack25", quantity_base=sacks * 25)
    )
    db.session.add(shipment)


@pytest.fixture
def events(app):
    """Two open events (flood older, landslide newer), one closed last week (newest of all)
    and one closed long ago; rice delivered to the village in the first two."""
    with app.app_context():
        flood = factories.event("BJR2026", name="Banjir Lebak 2026", started_on=date(2026, 1, 5))
        slide = factories.event("LSR2026", name="Longsor Lebak 2026", started_on=date(2026, 2, 1))
        recent = factories.event(
            "GMP2026",
            name="Gempa Banten 2026",
            started_on=date(2026, 3, 1),
            ended_at=utcnow() - timedelta(days=7),
        )
        old = factories.event(
            "BJR2020",
            name="Banjir Lebak 2020",
            started_on=date(2020, 1, 1),
            ended_at=datetime(2020, 2, 1, tzinfo=UTC),
        )
        _deliver(flood.id, 4, "SJ-F00001")  # 100 kg
        _deliver(slide.id, 12, "SJ-S00002")  # 300 kg
        commit_write()
        return {"flood": flood.id, "slide": slide.id, "recent": recent.id, "old": old.id}


def _page(client, query: str = "", status: int = 200) -> str:
    response = client.get(f"/desa/{VILLAGE}{query}")
    assert response.status_code == status
    return response.get_data(as_text=True)


def _selected(page: str) -> str:
    return re.search(r'<option value="([^"]+)" selected>', page).group(1)


def test_village_page_defaults_to_the_most_recent_open_event(client, events):
    page = _page(client)
    assert "Longsor Lebak 2026" in page and "300 kg" in page and "100 kg" not in page
    assert _selected(page) == "LSR2026"  # the closed earthquake started later, but is closed


def test_picker_offers_open_and_recently_closed_events_only(client, events):
    page = _page(client)
    offered = re.findall(r'<option value="([^"]+)"', page)
    assert offered == ["GMP2026", "LSR2026", "BJR2026"]  # newest first; 2020 is long closed
    assert "Gempa Banten 2026 (sudah ditutup)" in page


def test_village_page_shows_the_event_chosen_by_code_or_id(client, events):
    by_code = _page(client, "?event=bjr2026")
    assert "Banjir Lebak 2026" in by_code and "100 kg" in by_code and "300 kg" not in by_code
    assert _selected(by_code) == "BJR2026"
    by_id = _page(client, f"?event={events['flood']}")
    assert "100 kg" in by_id and _selected(by_id) == "BJR2026"
    old = _page(client, "?event=BJR2020")  # a link to an old event still works and is offered
    assert "Banjir Lebak 2020" in old and _selected(old) == "BJR2020"
    assert 'href="/lapor?desa=36.02.25.2003&amp;event=BJR2026"' in by_code


def test_unknown_event_answers_400_with_a_message_beside_the_picker(client, events):
    for value in ("TIDAKADA", "99999999", "9" * 40, "<script>"):
        page = _page(client, f"?event={value}", status=400)
        assert "tidak ditemukan. Pilih kejadian dari daftar." in page
        assert "<script>" not in page
    page = _page(client, "?event=TIDAKADA", status=400)
    assert UNKNOWN in page and 'aria-invalid="true"' in page
    assert "Longsor Lebak 2026" in page  # the default event is still shown


def test_a_single_event_shows_no_picker(client, app):
    with app.app_context():
        factories.event("BJR2026", name="Banjir Lebak 2026", started_on=date(2026, 1, 5))
        commit_write()
    page = _page(client)
    assert "Banjir Lebak 2026" in page and 'name="event"' not in page


def test_cached_pages_are_kept_per_event(client, app, events, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_PAGE_CACHE", True)
    with app.app_context():
        cache.pages.clear()
    try:
        assert "300 kg" in _page(client)
        assert "100 kg" in _page(client, "?event=BJR2026")
        assert "300 kg" in _page(client) and "100 kg" in _page(client, "?event=BJR2026")
    finally:
        with app.app_context():
            cache.pages.clear()


def _filed_event(app) -> int | None:
    with app.app_context():
        return db.session.scalar(select(ResidentReport.event_id))


def test_complaint_form_preselects_the_event_and_files_the_report_under_it(client, app, events):
    form = client.get(f"/lapor?desa={VILLAGE}&event=BJR2026").get_data(as_text=True)
    assert _selected(form) == "BJR2026"
    response = client.post("/lapor", data=dict(FORM, event="BJR2026"))
    assert response.status_code == 302
    assert _filed_event(app) == events["flood"]


def test_complaint_without_a_choice_goes_to_the_most_recent_open_event(client, app, events):
    assert _selected(client.get("/lapor").get_data(as_text=True)) == "LSR2026"
    assert client.post("/lapor", data=FORM).status_code == 302
    assert _filed_event(app) == events["slide"]


def test_complaint_naming_an_unknown_event_is_refused_and_files_nothing(client, app, events):
    shown = client.get("/lapor?event=TIDAKADA")
    assert shown.status_code == 400 and UNKNOWN in shown.get_data(as_text=True)
    refused = client.post("/lapor", data=dict(FORM, event="TIDAKADA"))
    assert refused.status_code == 422 and UNKNOWN in refused.get_data(as_text=True)
    assert _filed_event(app) is None


def test_status_api_follows_the_event_and_refuses_an_unknown_one_with_422(client, events):
    def rice(body: dict) -> float:
        return {d["commodity"]: d["quantity"] for d in body["delivered"]}.get("rice", 0)

    default = client.get(f"/api/v1/public/villages/{VILLAGE}").json
    assert default["event"]["name"] == "Longsor Lebak 2026" and rice(default) == 300
    chosen = client.get(f"/api/v1/public/villages/{VILLAGE}?event=BJR2026").json
    assert chosen["event"]["name"] == "Banjir Lebak 2026" and rice(chosen) == 100
    refused = client.get(f"/api/v1/public/villages/{VILLAGE}?event=TIDAKADA")
    assert refused.status_code == 422
    assert refused.json["error"]["fields"]["event"] == [UNKNOWN]


def test_api_complaint_goes_to_the_most_recent_open_event_too(client, app, events):
    response = client.post(
        "/api/v1/reports",
        json={
            "village_code": VILLAGE,
            "category": "not_received",
            "text": "Sudah tiga hari beras belum sampai ke RT 02",
        },
    )
    assert response.status_code == 201, response.json
    assert _filed_event(app) == events["slide"]  # not the closed, later-started earthquake


@pytest.fixture
def kept_events(app, monkeypatch):
    """The events offered kept in memory between reference writes, as deployed (the testing
    config reads them on every page, since fixtures write past the write boundary)."""
    monkeypatch.setitem(app.config, "REFERENCE_CACHE", True)
    monkeypatch.setitem(app.extensions, "relief_reference_values", {})
    return app


def _offered(page: str) -> list[str]:
    return re.findall(r'<option value="([^"]+)"', page)


def _close_the_landslide(app, events) -> None:
    from relief.events.models import Event
    from relief.events.services import update_event

    with app.app_context():
        slide = db.session.get(Event, events["slide"])
        update_event(slide, {"name": "Longsor Lebak Selatan 2026", "ended_at": utcnow()})
        commit_write()


def test_kept_events_are_read_again_after_an_event_changes(client, app, events, kept_events):
    assert _selected(_page(client)) == "LSR2026"
    assert _offered(_page(client)) == ["GMP2026", "LSR2026", "BJR2026"]  # from memory now
    _close_the_landslide(app, events)
    page = _page(client)
    assert "Longsor Lebak Selatan 2026 (sudah ditutup)" in page
    assert _selected(page) == "BJR2026"  # the flood is now the most recent open event
    form = client.get("/lapor").get_data(as_text=True)
    assert _selected(form) == "BJR2026" and "Longsor Lebak Selatan 2026" in form


def test_an_event_change_in_one_worker_reaches_the_kept_events_of_another(
    client, app, events, kept_events
):
    other = create_app(
        {
            "CONFIG_KIND": "testing",
            "DEMO_MODE": True,
            "REFERENCE_CACHE": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "CACHE_VERSION_DIR": app.config["CACHE_VERSION_DIR"],
        }
    )
    try:
        reader = other.test_client()
        assert _selected(_page(reader)) == "LSR2026"
        assert other.extensions["relief_reference_values"]  # kept by the other worker
        _close_the_landslide(app, events)  # written through this worker
        assert _selected(_page(reader)) == "BJR2026"
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_an_event_closed_too_long_ago_leaves_the_kept_offer_without_a_write(
    client, events, kept_events, monkeypatch
):
    from relief.public import event_choice

    assert _offered(_page(client)) == ["GMP2026", "LSR2026", "BJR2026"]
    later = utcnow() + timedelta(days=24)  # the earthquake closed 31 days before then
    monkeypatch.setattr(event_choice, "utcnow", lambda: later)
    assert _offered(_page(client)) == ["LSR2026", "BJR2026"]
