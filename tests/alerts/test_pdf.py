"""The evidence report as a PDF: the same facts, village and timeline as the printable page."""

import io

from pypdf import PdfReader

from relief.unit_of_work import commit_write


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _undersupplied(app, make_alert) -> int:
    from relief.alerts.models import Alert
    from relief.extensions import db

    alert_id = make_alert(kind="undersupplied")
    with app.app_context():
        alert = db.session.get(Alert, alert_id)
        alert.commodity_code = "rice"
        alert.facts = {
            "severity": 5,
            "need": 2060.8,
            "delivered": 935.0,
            "coverage": 0.472,
            "hours_since_assessment": 153.5,
        }
        commit_write()
    return alert_id


def test_alert_pdf_names_the_village_and_its_formatted_facts(app, client, make_alert, login_as):
    alert_id = _undersupplied(app, make_alert)
    login_as("ombudsman")
    client.post(
        f"/alerts/{alert_id}/actions", data={"action": "comment", "note": "Cek ke BPBD — segera"}
    )
    response = client.get(f"/alerts/{alert_id}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = _text(response.data)
    assert "Lebakgedong (36.02.25.2003)" in text
    assert "Kekurangan pasokan" in text
    for fact in (
        "Cakupan",
        "47%",
        "Kebutuhan",
        "2.060,8 kg",
        "Tersalur",
        "935 kg",
        "5 dari 5",
        "6 hari 10 jam",
    ):
        assert fact in text, fact
    assert "Cek ke BPBD - segera" in text  # the timeline, with the dash the font can draw
    assert "coverage" not in text and "0.472" not in text


def test_regency_pdf_holds_every_alert_of_the_regency(app, client, make_alert, login_as):
    first = _undersupplied(app, make_alert)
    second = make_alert(kind="unconfirmed", level="warning")
    login_as("logistics")
    response = client.get("/alerts/report.pdf?regency=36.02")
    assert response.status_code == 200
    text = _text(response.data)
    assert "Kabupaten Lebak (36.02)" in text
    assert f"#{first} " in text and f"#{second} " in text
    assert len(PdfReader(io.BytesIO(response.data)).pages) >= 2


def test_pdf_in_english(app, client, make_alert, login_as):
    alert_id = _undersupplied(app, make_alert)
    login_as("ombudsman")
    client.get("/lang/en")
    text = _text(client.get(f"/alerts/{alert_id}/report.pdf").data)
    assert "Coverage" in text and "2,060.8 kg" in text


def test_pdf_needs_a_staff_login_and_a_regency(client, make_alert, login_as):
    alert_id = make_alert()
    assert client.get(f"/alerts/{alert_id}/report.pdf").status_code in (302, 401)
    login_as("ombudsman")
    assert client.get("/alerts/report.pdf").status_code == 422
    assert client.get("/alerts/999999/report.pdf").status_code == 404
