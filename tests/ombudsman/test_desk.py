"""The Ombudsman's desk and the regency report's summary page (issue 15, item 7)."""

from datetime import UTC, datetime, timedelta

from relief.alerts.models import Alert
from relief.complaints.models import ResidentReport
from relief.extensions import db
from tests.coverage.conftest import BANJARSARI, LEBAK


def _seed(app, make_event, make_assessment, make_delivery):
    event = make_event()
    make_assessment(
        event,
        severity=5,
        displaced_persons=100,
        displaced_households=25,
        affected_persons=100,
        households=25,
    )
    make_delivery(event, items=[("rice", 40.0)])
    db.session.add(
        ResidentReport(
            tracking_code="ABCDE-FGHJK",
            event_id=event.id,
            village_code=BANJARSARI,
            category="not_received",
            text="Belum ada beras.",
            state="received",
        )
    )
    old = datetime.now(UTC) - timedelta(days=30)
    db.session.add(
        Alert(
            kind="undersupplied",
            event_id=event.id,
            village_code=BANJARSARI,
            regency_code=LEBAK,
            commodity_code="rice",
            level="critical",
            category="penundaan_berlarut",
            suggested_category="penundaan_berlarut",
            fingerprint="t-desk",
            facts={"coverage": 0.1},
            opening_facts={"coverage": 0.1},
            opened_at=old,
            evaluated_at=old,
            version=1,
            response_due_at=old + timedelta(days=3),
            resolution_due_at=old + timedelta(days=14),
            state="open",
        )
    )
    db.session.commit()
    return event


def test_desk_links_new_complaints_overdue_alerts_and_the_worst_villages(
    app, client, login_as, make_event, make_assessment, make_delivery
):
    _seed(app, make_event, make_assessment, make_delivery)
    login_as("ombudsman")
    page = client.get("/ombudsman")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/reports/" in html  # the new complaint, a link to its page
    assert "/alerts/" in html and "Banjarsari" in html  # the overdue alert
    assert f"/villages/{BANJARSARI}" in html  # the worst village, 10 %: red
    assert "band-red" in html


def test_desk_is_closed_to_logistics(client, login_as):
    login_as("logistics")
    assert client.get("/ombudsman").status_code == 403


def test_regency_report_opens_with_its_summary(
    app, client, login_as, make_event, make_assessment, make_delivery
):
    _seed(app, make_event, make_assessment, make_delivery)
    login_as("ombudsman")
    html = client.get(f"/alerts/report?regency={LEBAK}").get_data(as_text=True)
    summary = html.index("print-summary")
    assert summary < html.index("print-alert")
    assert "Ringkasan" in html and "Peringatan per jenis" in html
    pdf = client.get(f"/alerts/report.pdf?regency={LEBAK}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
