"""Residents file complaints and follow them by tracking code; wrong codes reveal nothing."""

import re

import pytest
from sqlalchemy import func, select

from relief.complaints.models import ResidentReport
from relief.extensions import db
from relief.public.codes import ALPHABET, new_tracking_code, normalise_tracking_code

from .conftest import REPORT_CONTACT, REPORT_TEXT, VILLAGE

FORM = {
    "village": VILLAGE,
    "category": "not_received",
    "text": "Sudah tiga hari beras belum sampai ke RT 02",
}


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ResidentReport))


def test_tracking_codes_are_grouped_unambiguous_and_unique():
    codes = {new_tracking_code() for _ in range(5000)}
    assert len(codes) == 5000
    for code in list(codes)[:200]:
        assert re.fullmatch(f"[{ALPHABET}]{{5}}-[{ALPHABET}]{{5}}", code)
    assert not set("01OIL") & set(ALPHABET)


def test_typed_code_is_normalised_from_any_case_spacing_and_dash():
    assert normalise_tracking_code(" 7kq2m xh4ta ") == "7KQ2M-XH4TA"
    assert normalise_tracking_code("7KQ2M-XH4T") is None  # too short
    assert normalise_tracking_code("0KQ2M-XH4TA") is None  # ambiguous character


def test_form_files_report_and_redirects_to_its_tracking_page(client, app):
    response = client.post("/lapor", data=FORM)
    assert response.status_code == 302
    code = re.search(r"/lapor/([A-Z0-9-]{11})", response.headers["Location"]).group(1)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert code in page and "Diterima" in page
    with app.app_context():
        report = db.session.scalar(select(ResidentReport))
        assert (report.village_code, report.state, report.channel) == (VILLAGE, "received", "web")
        assert [h.action for h in report.history] == ["create"]


def test_misspelt_village_is_offered_as_a_choice_then_filed_once_chosen(client, app):
    offered = client.post("/lapor", data=dict(FORM, village="Talagahiang"))
    assert offered.status_code == 422
    assert 'value="36.02.04.2006"' in offered.get_data(as_text=True)
    assert _count(app) == 0
    chosen = client.post("/lapor", data=dict(FORM, village="36.02.04.2006"))
    assert chosen.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ResidentReport.village_code)) == "36.02.04.2006"


def test_ambiguous_village_name_offers_choices_and_files_nothing(client, app):
    response = client.post("/lapor", data=dict(FORM, village="Banjarsari"))
    assert response.status_code == 422
    assert 'value="36.02.25.2004"' in response.get_data(as_text=True)
    assert _count(app) == 0


def test_honeypot_filled_is_refused_and_files_nothing(client, app):
    response = client.post("/lapor", data=dict(FORM, website="http://spam.example"))
    assert response.status_code == 422
    assert _count(app) == 0


def test_form_without_csrf_token_is_refused_when_csrf_is_on(client, app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post("/lapor", data=FORM)
        page = client.get(f"/lapor?desa={VILLAGE}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        accepted = client.post("/lapor", data=dict(FORM, csrf_token=token))
        api = client.post(
            "/api/v1/reports",
            json={"village_code": VILLAGE, "category": "other", "text": FORM["text"]},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert api.status_code == 201  # public JSON: no session to ride on
    assert _count(app) == 2


def test_api_files_report_and_answers_tracking_code(client):
    body = {
        "village_code": VILLAGE,
        "category": "payment_demanded",
        "text": REPORT_TEXT,
        "contact": REPORT_CONTACT,
    }
    response = client.post("/api/v1/reports", json=body)
    assert response.status_code == 201
    assert response.json["state"] == "received"
    assert normalise_tracking_code(response.json["tracking_code"])
    assert REPORT_TEXT not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"village_code": "36.02.25.9999"}, 404),
        ({"village_code": "Lebak"}, 422),
        ({"category": "bribe"}, 422),
        ({"extra": 1}, 422),
        ({"text": "short"}, 422),
    ],
)
def test_api_refuses_bad_reports_with_field_messages(client, app, change, status):
    body = dict({"village_code": VILLAGE, "category": "other", "text": REPORT_TEXT}, **change)
    response = client.post("/api/v1/reports", json=body)
    assert response.status_code == status
    assert set(change) & set(response.json["error"]["fields"])
    assert _count(app) == 0


def test_api_report_answer_holds_state_and_public_reply_only(client, make_report):
    code = make_report()
    answer = client.get(f"/api/v1/reports/{code.lower().replace('-', '')}").json
    assert set(answer) == {
        "tracking_code",
        "state",
        "public_reply",
        "created_at",
        "updated_at",
        "organisation",
        "forwarded_at",
        "answer_due_at",
        "answers",
    }
    assert answer["tracking_code"] == code


def test_wrong_tracking_code_answers_the_same_bare_404_as_any_other(client, make_report):
    code = make_report()
    wrong = ["22222-22222", "ZZZZZ-ZZZZZ", "not-a-code"]
    pages = [client.get(f"/lapor/{w}") for w in wrong]
    assert {p.status_code for p in pages} == {404}
    assert len({p.get_data() for p in pages}) == 1  # nothing tells the codes apart
    body = pages[0].get_data(as_text=True)
    assert code not in body and "Lebakgedong" not in body
    api = [client.get(f"/api/v1/reports/{w}") for w in wrong]
    assert {a.status_code for a in api} == {404}
    assert len({a.get_data() for a in api}) == 1
    lookup = client.get("/lapor/cek?kode=22222-22222")
    assert lookup.status_code == 404


def test_lookup_form_redirects_a_typed_code_to_its_page(client, make_report):
    code = make_report()
    response = client.get(f"/lapor/cek?kode={code.lower()}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/lapor/{code}")
