"""The Ombudsman's report inbox: who may see it, each handling step recorded and announced."""

from sqlalchemy import select

from relief.audit.queries import history_of
from relief.complaints.models import ResidentReport
from relief.extensions import db
from relief.unit_of_work import commit_write

from .conftest import REPORT_CONTACT, REPORT_TEXT


def _report_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(ResidentReport.id))


def test_inbox_is_for_the_ombudsman_only(client, login_as, make_report):
    make_report()
    assert client.get("/reports").status_code == 302  # anonymous: to the sign-in page
    login_as("logistics")
    assert client.get("/reports").status_code == 403


def test_ombudsman_sees_text_and_contact_and_filters_by_state(client, login_as, make_report, app):
    make_report()
    login_as("ombudsman")
    listing = client.get("/reports?state=received&area=36.02").get_data(as_text=True)
    assert "Lebakgedong" in listing
    assert "Tidak ada laporan" in client.get("/reports?state=closed").get_data(as_text=True)
    detail = client.get(f"/reports/{_report_id(app)}").get_data(as_text=True)
    assert REPORT_TEXT in detail and REPORT_CONTACT in detail


def _alert_id(app, event_id: int) -> int:
    """An alert in the report's village to link to (resident_report.alert_id is a key)."""
    from datetime import UTC, datetime

    from relief.alerts.models import Alert

    at = datetime(2020, 1, 5, tzinfo=UTC)
    with app.app_context():
        alert = Alert(
            fingerprint=f"unconfirmed:{event_id}:36.02.25.2003:-",
            kind="unconfirmed",
            event_id=event_id,
            village_code="36.02.25.2003",
            regency_code="36.02",
            level="warning",
            category="tidak_patut",
            suggested_category="tidak_patut",
            opening_facts={},
            facts={},
            opened_at=at,
            evaluated_at=at,
            response_due_at=at,
            resolution_due_at=at,
            state="open",
        )
        db.session.add(alert)
        commit_write()
        return alert.id


def test_verify_reply_link_close_are_recorded_audited_and_announced(
    client, login_as, make_report, app, event
):
    code = make_report()
    report_id = _report_id(app)
    alert_id = _alert_id(app, event)
    username = login_as("ombudsman")
    steps = [
        {"action": "verify", "note": "cek ke BPBD"},
        {"action": "reply", "public_reply": "Beras dikirim ulang tanggal 6 Januari."},
        {"action": "link", "alert_id": str(alert_id)},
        {"action": "close"},
    ]
    for step in steps:
        assert client.post(f"/reports/{report_id}", data=step).status_code == 302
    with app.app_context():
        report = db.session.get(ResidentReport, report_id)
        assert (report.state, report.alert_id) == ("closed", alert_id)
        assert [(h.action, h.to_state) for h in report.history] == [
            ("create", "received"),
            ("verify", "checking"),
            ("reply", "answered"),
            ("link", "answered"),
            ("close", "closed"),
        ]
        assert {h.by_label for h in report.history[1:]} == {username}
        actions = [e.action for e in history_of("resident_report", report_id)]
        assert actions == [
            "report_create",
            "report_verify",
            "report_reply",
            "report_link",
            "report_close",
        ]
    page = client.get(f"/lapor/{code}").get_data(as_text=True)
    assert "Beras dikirim ulang tanggal 6 Januari." in page and "Selesai" in page


def test_linking_an_unknown_alert_is_refused(client, login_as, make_report, app):
    make_report()
    report_id = _report_id(app)
    login_as("ombudsman")
    client.post(f"/reports/{report_id}", data={"action": "verify"})
    refused = client.post(f"/reports/{report_id}", data={"action": "link", "alert_id": "999999"})
    assert refused.status_code == 422
    with app.app_context():
        report = db.session.get(ResidentReport, report_id)
        assert (report.state, report.alert_id) == ("checking", None)


def test_step_not_allowed_from_the_current_state_is_refused(client, login_as, make_report, app):
    make_report()
    report_id = _report_id(app)
    login_as("ombudsman")
    client.post(f"/reports/{report_id}", data={"action": "close"})
    response = client.post(f"/reports/{report_id}", data={"action": "verify"})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(ResidentReport, report_id).state == "closed"


def test_reply_without_text_is_refused(client, login_as, make_report, app):
    make_report()
    login_as("ombudsman")
    response = client.post(f"/reports/{_report_id(app)}", data={"action": "reply"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ResidentReport.state)) == "received"
