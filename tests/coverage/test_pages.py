"""Staff pages: assessment form and import, village page, regency summary, norms."""

import io

import pytest
from openpyxl import Workbook

from relief.catalog.models import Norm
from relief.coverage.models import Assessment
from relief.events.models import Event
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests.coverage.conftest import BANJARSARI, LEBAK, LEBAKGEDONG, at


@pytest.fixture
def event_id(make_event, make_assessment, make_delivery):
    event = make_event()
    make_assessment(event, displaced_persons=100, displaced_households=25, severity=5)
    make_delivery(event, items=[("rice", 100.0)], accepted=[90.0], delivered_at=at(3))
    event_id = event.id
    commit_write()
    return event_id


def _count(app, **filters) -> int:
    with app.app_context():
        return db.session.query(Assessment).filter_by(**filters).count()


def test_assessment_form_records_and_redirects_to_the_village(client, login_as, event_id, app):
    login_as("logistics")
    response = client.post(
        f"/assessments/new?event_id={event_id}",
        data={
            "village_code": LEBAKGEDONG,
            "assessed_at": "2020-01-03T08:00",
            "displaced_persons": "50",
            "displaced_households": "12",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/villages/{LEBAKGEDONG}")
    assert _count(app, village_code=LEBAKGEDONG) == 1


def test_assessment_form_shows_field_errors(client, login_as, event_id, app):
    login_as("logistics")
    response = client.post(
        f"/assessments/new?event_id={event_id}", data={"village_code": LEBAKGEDONG, "severity": "5"}
    )
    assert response.status_code == 422
    assert "Alasan wajib diisi" in response.text
    assert _count(app, village_code=LEBAKGEDONG) == 0


def test_village_page_shows_need_history_shipments_and_norm_source(client, login_as, event_id):
    login_as("ombudsman")
    page = client.get(f"/villages/{BANJARSARI}?event_id={event_id}&as_of=2020-01-05").text
    assert "Banjarsari" in page and "Kemensos" in page
    assert "90 dari 160 kg" in page  # 100 displaced x 0.4 kg x 4 days; 90 accepted
    assert "/shipments/" in page and "Kades" in page


def test_regency_summary_drills_down_to_villages(client, login_as, event_id):
    login_as("ombudsman")
    regencies = client.get(f"/coverage/regencies?event_id={event_id}&as_of=2020-01-05").text
    assert "Kabupaten Lebak" in regencies and "band-red" in regencies
    districts = client.get(f"/coverage/regencies?event_id={event_id}&parent={LEBAK}").text
    assert "Lebakgedong" in districts
    villages = client.get(f"/coverage/regencies?event_id={event_id}&parent=36.02.25").text
    assert f"/villages/{BANJARSARI}" in villages


def test_public_visitors_are_sent_to_sign_in(client, event_id):
    assert client.get(f"/villages/{BANJARSARI}").status_code == 302


def _csv(text: str):
    return {"file": (io.BytesIO(text.encode()), "asesmen.csv")}


def test_import_preview_lists_row_errors_and_records_nothing(client, login_as, event_id, app):
    login_as("logistics")
    response = client.post(
        f"/assessments/import?event_id={event_id}",
        data=_csv(
            "village_code,displaced_persons,displaced_households\n"
            f"{LEBAKGEDONG},10,3\n36.99.99.9999,5,1\n{LEBAKGEDONG},x,1\n"
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Bukan kode desa" in response.text and "Not a valid integer" in response.text
    assert _count(app, village_code=LEBAKGEDONG) == 0


def test_import_preview_then_commit_records_every_row(client, login_as, event_id, app):
    login_as("logistics")
    book = Workbook()
    book.active.append(["village_code", "displaced_persons", "displaced_households", "assessed_at"])
    book.active.append([LEBAKGEDONG, 10, 3, "2020-01-03T01:00:00+00:00"])
    book.active.append([BANJARSARI, 20, 5, "2020-01-04T01:00:00+00:00"])
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    preview = client.post(
        f"/assessments/import?event_id={event_id}",
        data={"file": (content, "asesmen.xlsx")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200 and "Simpan semua" in preview.text
    import html
    import re

    token = html.unescape(
        re.search(r'name="token" type="hidden" value="([^"]*)"', preview.text).group(1)
    )
    response = client.post(f"/assessments/import/commit?event_id={event_id}", data={"token": token})
    assert response.status_code == 302
    assert _count(app, event_id=event_id) == 3


def test_admin_edits_a_norm_and_restores_it(client, login_as, app):
    login_as("admin")
    with app.app_context():
        norm = db.session.query(Norm).filter_by(profile="kemensos", commodity_code="rice").one()
        original = (norm.id, norm.amount, norm.per, norm.period, norm.basis, norm.source)
    norm_id = original[0]
    try:
        response = client.post(
            f"/admin/norms/{norm_id}",
            data={
                "amount": "0.5",
                "per": "person",
                "period": "day",
                "basis": "displaced",
                "source": "Uji",
            },
        )
        assert response.status_code == 302
        with app.app_context():
            assert db.session.get(Norm, norm_id).amount == 0.5
        assert "Uji" in client.get("/admin/norms").text
    finally:
        with app.app_context():
            norm = db.session.get(Norm, norm_id)
            norm.amount, norm.per, norm.period, norm.basis, norm.source = original[1:]
            commit_write()


def test_admin_switches_the_event_profile(client, login_as, event_id, app):
    login_as("admin")
    response = client.post(
        f"/admin/events/{event_id}/profile",
        data={f"e{event_id}-event_id": event_id, f"e{event_id}-norm_profile": "bapanas"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).norm_profile == "bapanas"


def test_norm_pages_are_for_admins_only(client, login_as):
    login_as("logistics")
    assert client.get("/admin/norms").status_code == 403
