"""Every evidence PDF and export carries its SHA-256, the audit head and a verification ID,
and the public /verifikasi page says whether a file is genuine and unchanged."""

import io

from pypdf import PdfReader
from sqlalchemy import select

from relief.audit.models import EvidenceDocument
from relief.extensions import db
from relief.unit_of_work import commit_write


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pdf(client, make_alert, login_as):
    alert_id = make_alert(kind="undersupplied")
    login_as("ombudsman")
    response = client.get(f"/alerts/{alert_id}/report.pdf")
    assert response.status_code == 200
    return response


def test_the_pdf_prints_its_verification_id_and_the_audit_head(app, client, make_alert, login_as):
    import hashlib

    response = _pdf(client, make_alert, login_as)
    evidence_id = response.headers["X-Evidence-Id"]
    assert response.headers["X-Content-SHA256"] == hashlib.sha256(response.data).hexdigest()
    seq, head_hash = response.headers["X-Audit-Head"].split(":")
    text = _text(response.data).replace("\n", " ")
    assert f"ID verifikasi: {evidence_id}" in text
    assert f"entri {seq}" in text and head_hash[:16] in text
    with app.app_context():
        document = db.session.scalar(select(EvidenceDocument))
        assert (document.verification_id, document.sha256) == (
            evidence_id,
            response.headers["X-Content-SHA256"],
        )


def _check(client, **data):
    files = {}
    if "content" in data:
        files["document"] = (io.BytesIO(data.pop("content")), "bukti.pdf")
    return client.post(
        "/verifikasi", data={**data, **files}, content_type="multipart/form-data"
    ).get_data(as_text=True)


def test_verifikasi_recognises_the_genuine_file_and_refuses_a_changed_one(
    app, client, make_alert, login_as
):
    response = _pdf(client, make_alert, login_as)
    evidence_id = response.headers["X-Evidence-Id"]
    client.post("/logout")
    public = app.test_client()
    assert "Asli dan tidak berubah." in _check(public, content=response.data)
    middle = len(response.data) // 2
    changed = (
        response.data[:middle] + bytes([response.data[middle] ^ 1]) + response.data[middle + 1 :]
    )  # one bit changed
    page = _check(public, content=changed, verification_id=evidence_id)
    assert "BERBEDA dari yang diterbitkan" in page
    assert "Tidak dikenal" in _check(public, content=changed)
    assert "ID verifikasi dikenal." in _check(public, verification_id=evidence_id.lower())
    assert "Tidak dikenal" in _check(public, verification_id="PB-XXXX-XXXX-XXXX")


def test_exports_are_registered_as_evidence(app, client, login_as):
    from datetime import date

    from relief.events.models import Event

    with app.app_context():
        db.session.add(
            Event(
                code="E1",
                name="Uji",
                started_on=date(2020, 1, 1),
                emergency_until=date(2020, 1, 14),
            )
        )
        commit_write()
    login_as("ombudsman")
    response = client.get("/api/v1/exports/coverage.csv")
    assert response.status_code == 200, response.data[:300]
    assert response.headers["X-Evidence-Id"].startswith("PB-")
    public = app.test_client()
    assert "Asli dan tidak berubah." in _check(public, content=response.data)


def test_the_audit_head_page_is_public(client):
    page = client.get("/audit/head")
    assert page.status_code == 200
    assert "Kepala jejak audit" in page.get_data(as_text=True)
    assert client.get("/audit/head?format=json").json["seq"] >= 0
