"""Complaints routed to the responsible unit: forward with a deadline, the unit answers,
the resident sees both; overdue complaints reach the Ombudsman's desk (issue 15, item 5)."""

from datetime import UTC, datetime, timedelta

import pytest

from relief.auth.models import User
from relief.auth.services import issue_token
from relief.complaints.models import ResidentReport
from relief.extensions import db
from relief.organisations.models import Organisation

VILLAGE = "36.02.25.2004"


@pytest.fixture
def unit(app):
    """A BPBD that serves Lebak; returns its id."""
    with app.app_context():
        organisation = Organisation(
            name="BPBD Lebak (uji)",
            kind="bpbd",
            regency_codes=["36.02"],
            complaint_phone="0252-123456",
            active=True,
        )
        db.session.add(organisation)
        db.session.commit()
        return organisation.id


def _token(app, make_user, role: str, organisation_id: int | None = None) -> dict:
    user_id, _, _ = make_user(role, organisation_id=organisation_id)
    with app.app_context():
        value = issue_token(db.session.get(User, user_id))
        db.session.commit()
    return {"Authorization": f"Bearer {value}"}


def _report(client) -> str:
    answer = client.post(
        "/api/v1/reports",
        json={
            "village_code": VILLAGE,
            "category": "not_received",
            "text": "Beras belum sampai ke RT kami sejak banjir.",
        },
    )
    assert answer.status_code == 201, answer.json
    return answer.json["tracking_code"]


def test_forwarded_report_has_a_unit_and_a_deadline_the_resident_sees(app, client, make_user, unit):
    code = _report(client)
    ombudsman = _token(app, make_user, "ombudsman")
    answer = client.post(
        f"/api/v1/reports/{code}/forward",
        headers=ombudsman,
        json={"organisation_id": unit, "note": "Mohon ditindaklanjuti"},
    )
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["state"] == "forwarded" and body["organisation"]["name"] == "BPBD Lebak (uji)"
    due = datetime.fromisoformat(body["answer_due_at"])
    forwarded = datetime.fromisoformat(body["forwarded_at"])
    assert due - forwarded == timedelta(days=14)  # COMPLAINT_ANSWER_DAYS default
    public = client.get(f"/api/v1/reports/{code}").json
    assert public["organisation"]["name"] == "BPBD Lebak (uji)" and public["answers"] == []
    assert "Mohon ditindaklanjuti" not in str(public)  # the note stays internal
    page = client.get(f"/lapor/{code}").get_data(as_text=True)
    assert "BPBD Lebak (uji)" in page and "0252-123456" in page


def test_the_units_answer_reaches_the_residents_status_page(app, client, make_user, unit):
    code = _report(client)
    client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "ombudsman"),
        json={"organisation_id": unit},
    )
    staff = _token(app, make_user, "logistics", organisation_id=unit)
    answer = client.post(
        f"/api/v1/reports/{code}/answers",
        headers=staff,
        json={"text": "Beras 200 kg dikirim ke RT 03 pada 6 Januari."},
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["state"] == "answered"
    assert answer.json["answers"][0]["within_deadline"] is True
    page = client.get(f"/lapor/{code}").get_data(as_text=True)
    assert "Beras 200 kg dikirim ke RT 03" in page


def test_only_the_units_own_staff_may_answer(app, client, make_user, unit):
    code = _report(client)
    client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "ombudsman"),
        json={"organisation_id": unit},
    )
    other = _token(app, make_user, "logistics")  # no organisation
    answer = client.post(
        f"/api/v1/reports/{code}/answers", headers=other, json={"text": "Bukan instansi kami."}
    )
    assert answer.status_code == 403
    assert answer.json["error"]["code"]


def test_forwarding_to_an_unknown_unit_is_refused_with_a_field_message(app, client, make_user):
    code = _report(client)
    answer = client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "ombudsman"),
        json={"organisation_id": 999999},
    )
    assert answer.status_code == 422
    assert "organisation_id" in answer.json["error"]["fields"]
    extra = client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "ombudsman"),
        json={"organisation_id": 1, "deadline": "tomorrow"},
    )
    assert extra.status_code == 422  # unknown fields are refused


def test_logistics_cannot_forward(app, client, make_user, unit):
    code = _report(client)
    answer = client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "logistics", organisation_id=unit),
        json={"organisation_id": unit},
    )
    assert answer.status_code == 403


def test_an_unanswered_complaint_past_its_deadline_is_overdue_on_the_desk(
    app, client, make_user, unit, login_as
):
    code = _report(client)
    client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "ombudsman"),
        json={"organisation_id": unit},
    )
    with app.app_context():
        report = db.session.query(ResidentReport).filter_by(tracking_code=code).one()
        report.answer_due_at = datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()
    listed = client.get(
        "/api/v1/reports/forwarded?overdue=true", headers=_token(app, make_user, "ombudsman")
    ).json
    assert [r["tracking_code"] for r in listed] == [code] and listed[0]["overdue"] is True
    mine = client.get(
        "/api/v1/reports/forwarded",
        headers=_token(app, make_user, "logistics", organisation_id=unit),
    ).json
    assert [r["tracking_code"] for r in mine] == [code]
    assert "contact" not in mine[0]
    login_as("ombudsman")
    desk = client.get("/ombudsman").get_data(as_text=True)
    assert code in desk and "BPBD Lebak (uji)" in desk


def test_unit_staff_answer_on_their_page(app, client, make_user, unit):
    code = _report(client)
    client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "ombudsman"),
        json={"organisation_id": unit},
    )
    _, username, password = make_user("logistics", organisation_id=unit)
    client.post("/login", data={"username": username, "password": password})
    listing = client.get("/unit/complaints").get_data(as_text=True)
    assert code in listing
    with app.app_context():
        report_id = db.session.query(ResidentReport.id).filter_by(tracking_code=code).scalar()
    empty = client.post(f"/unit/complaints/{report_id}", data={"text": ""})
    assert empty.status_code == 422
    done = client.post(f"/unit/complaints/{report_id}", data={"text": "Sudah kami kirim."})
    assert done.status_code == 302
    assert "Sudah kami kirim." in client.get(f"/lapor/{code}").get_data(as_text=True)
