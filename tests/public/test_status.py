"""The village status page: owed against the norm, deliveries, posko, alert seam, JSON, poster."""

import gzip
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event

from relief.alerts.models import Alert, fingerprint_of
from relief.core.database import UNWRITTEN
from relief.extensions import db
from relief.unit_of_work import commit_write

from .conftest import VILLAGE

BUDGET = 60 * 1024


def test_status_says_what_is_still_owed_and_for_how_many_people(
    client, make_assessment, make_shipment
):
    make_assessment(displaced=200, households=50)
    make_shipment(items=(("medicine", 20, "kit", 1),))
    page = client.get(f"/desa/{VILLAGE}").get_data(as_text=True)
    # medicine: 1 kit per affected household (100 here, the 50 displaced families among them)
    assert "kurang 80 paket" in page and "untuk 100 KK terdampak" in page
    assert "untuk 200 pengungsi" in page  # clothing: 1 set per displaced person, once


def test_english_status_counts_people_in_running_text(client, make_assessment, make_shipment):
    """The counted people read as words inside a sentence, not as a form label."""
    make_assessment(displaced=200, households=50)
    make_shipment(items=(("medicine", 20, "kit", 1),))
    client.get("/lang/en")
    page = client.get(f"/desa/{VILLAGE}").get_data(as_text=True)
    assert "for 100 affected households" in page and "Households affected" not in page
    assert "for 200 displaced persons" in page


def test_status_lists_deliveries_in_transit_and_nearest_posko(client, make_shipment):
    make_shipment(posko=("Posko Masjid Al-Ikhlas", -6.62, 106.38))
    make_shipment(items=(("clothing", 3, "bale20", 20),), status="dispatched")
    page = client.get(f"/desa/{VILLAGE}").get_data(as_text=True)
    assert "500 kg" in page and "Dalam perjalanan" in page and "60 stel" in page
    assert "Posko Masjid Al-Ikhlas" in page and "geo:-6.62,106.38" in page


def _alert(app, event_id: int, state: str) -> None:
    with app.app_context():
        opened = datetime(2020, 1, 4, tzinfo=UTC)
        db.session.add(
            Alert(
                fingerprint=fingerprint_of("no_delivery", event_id, VILLAGE, state),
                kind="no_delivery",
                event_id=event_id,
                village_code=VILLAGE,
                regency_code="36.02",
                level="critical",
                category="tidak_memberikan_pelayanan",
                suggested_category="tidak_memberikan_pelayanan",
                opening_facts={},
                facts={},
                opened_at=opened,
                evaluated_at=opened,
                state=state,
                response_due_at=opened + timedelta(days=3),
                resolution_due_at=opened + timedelta(days=14),
            )
        )
        commit_write(evaluate_alerts=False)


def test_ombudsman_notice_shows_while_an_alert_on_the_village_is_active(client, app, event):
    _alert(app, event, "resolved")
    assert "Ombudsman sedang" not in client.get(f"/desa/{VILLAGE}").get_data(as_text=True)
    _alert(app, event, "acknowledged")
    assert "Ombudsman sedang" in client.get(f"/desa/{VILLAGE}").get_data(as_text=True)


def test_status_page_reads_its_facts_in_two_statements(
    client, app, event, make_assessment, make_shipment, make_report, monkeypatch
):
    make_assessment()
    make_shipment(posko=("Posko Masjid Al-Ikhlas", -6.62, 106.38))
    make_shipment(items=(("clothing", 3, "bale20", 20),), status="dispatched")
    make_report()
    _alert(app, event, "open")
    monkeypatch.setitem(app.config, "PUBLIC_PAGE_CACHE", False)
    statements = []

    def count(conn, cursor, statement, *args):
        # Not a read of facts: on PostgreSQL the request's end asks whether it wrote
        # anything (relief.core.database.end_unwritten_transaction).
        if statement == UNWRITTEN:
            return
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    def page_statements() -> int:
        statements.clear()
        sa_event.listen(engine, "before_cursor_execute", count)
        try:
            page = client.get(f"/desa/{VILLAGE}").get_data(as_text=True)
        finally:
            sa_event.remove(engine, "before_cursor_execute", count)
        assert "Posko Masjid Al-Ikhlas" in page and "Ombudsman sedang" in page
        assert "Dalam perjalanan" in page and "500 kg" in page
        return len(statements)

    with app.app_context():
        engine = db.engine
    # One for the events offered (relief.public.event_choice), two for the village's facts.
    assert page_statements() == 3
    # With the events kept in memory (as deployed), the page reads the village's facts only.
    monkeypatch.setitem(app.config, "REFERENCE_CACHE", True)
    monkeypatch.setitem(app.extensions, "relief_reference_values", {})
    assert page_statements() == 3  # the first page reads the events and keeps them
    assert page_statements() == 2, statements


def test_recent_deliveries_are_the_newest_items_across_commodities(
    client, make_shipment, make_receipt
):
    first = datetime(2020, 1, 2, 9, tzinfo=UTC)
    for day in range(9):  # 18 items, rice and clothing alike, a day apart
        shipment = make_shipment(
            items=(("rice", 1 + day, "kg", 1), ("clothing", 100 + day, "set", 1)),
            when=first + timedelta(days=day),
        )
    make_receipt(shipment, share=0.5)  # the newest: what was accepted is shown
    recent = client.get(f"/api/v1/public/villages/{VILLAGE}").json["recent"]
    assert [(r["commodity"], r["quantity"]) for r in recent[:4]] == [
        ("rice", 4.5),
        ("clothing", 54.0),
        ("rice", 8.0),
        ("clothing", 107.0),
    ]
    assert len(recent) == 15  # the 15 newest of 18: the three oldest items are left out
    assert [r["date"] for r in recent] == sorted((r["date"] for r in recent), reverse=True)
    assert [(r["commodity"], r["quantity"]) for r in recent[-3:]] == [
        ("rice", 3.0),
        ("clothing", 102.0),
        ("rice", 2.0),
    ]


def test_status_json_carries_the_same_facts(client, make_assessment, make_shipment):
    make_assessment()
    make_shipment()
    answer = client.get(f"/api/v1/public/villages/{VILLAGE}").json
    assert answer["village"]["district"] == "Lebakgedong"
    assert answer["delivered"] == [{"commodity": "rice", "quantity": 500.0}]
    needed = {"rice", "clothing", "medicine", "water", "hygiene_kit"}  # the default norms
    assert {o["commodity"] for o in answer["owed"]} == needed
    assert {c["code"] for c in answer["commodities"]} == needed


@pytest.mark.parametrize(
    "url", ["/desa/36.02.25", "/desa/99.99.99.9999", "/api/v1/public/villages/36.02"]
)
def test_status_of_something_that_is_not_a_village_is_404(client, url):
    assert client.get(url).status_code == 404


def test_status_page_stays_within_60_kb_with_many_deliveries(
    client, make_assessment, make_shipment, make_report
):
    make_assessment()
    for _ in range(60):
        make_shipment(
            items=(
                ("rice", 20, "sack25", 25),
                ("clothing", 2, "bale20", 20),
                ("medicine", 1, "box10", 10),
            )
        )
    make_report()
    response = client.get(f"/desa/{VILLAGE}")
    css = client.get("/static/css/app.css")
    html = len(response.data)
    print(
        f"\n/desa page weight: html {html} B, gzip {len(gzip.compress(response.data))} B, "
        f"css {len(css.data)} B"
    )
    assert html + len(css.data) < BUDGET  # even a first visit, CSS not yet cached
    assert "<script" not in response.get_data(as_text=True)  # works without JavaScript


def test_poster_has_qr_codes_for_status_and_complaints(client, app):
    page = client.get(f"/desa/{VILLAGE}/poster").get_data(as_text=True)
    assert page.count('<svg class="qr-code"') == 2
    assert f"/desa/{VILLAGE}" in page and f"/lapor?desa={VILLAGE}" in page
    before = app.config.get("PUBLIC_BASE_URL")
    app.config["PUBLIC_BASE_URL"] = "https://pantau.example.id"
    try:
        page = client.get(f"/desa/{VILLAGE}/poster").get_data(as_text=True)
    finally:
        app.config["PUBLIC_BASE_URL"] = before
    assert f"https://pantau.example.id/desa/{VILLAGE}" in page


def test_a_village_page_reads_its_own_shipments_not_the_events(app, client, make_shipment):
    """Every read of the shipment table behind a village's page goes through an index that
    starts with the village's code (or a primary key). SQLite plans without statistics: before
    ix_shipment_dest_event_created it read the village's shipments through the event's index,
    every shipment of the event, and each page slowed as the event grew (11.4 ms instead of
    1.9 with 15,000 shipments to one other village). PostgreSQL plans by statistics, which a
    test's few rows do not give, so there the page is only asked for."""
    make_shipment(posko=("Posko Masjid Al-Ikhlas", -6.62, 106.38))
    make_shipment(status="dispatched")
    reads = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if not executemany and re.search(r"\bshipment\b", statement):
            reads.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", capture)
    try:
        assert client.get(f"/desa/{VILLAGE}").status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", capture)
    assert reads
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        for statement, parameters in reads:
            plan = [row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            shipment_reads = [line for line in plan if re.match(r"(SEARCH|SCAN) shipment\b", line)]
            for line in shipment_reads:
                assert "(destination_code=?" in line or "PRIMARY KEY" in line, (line, statement)
    finally:
        raw.close()
