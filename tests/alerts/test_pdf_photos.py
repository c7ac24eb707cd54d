"""BAST photos in the evidence PDF: the image itself, its SHA-256 and the GPS accuracy."""

import io

from pypdf import PdfReader

from tests.field.conftest import jpeg_bytes


def test_evidence_pdf_shows_the_bast_photo_with_its_hash(
    app, client, make_alert, login_as, scenario, token_for, tmp_path
):
    app.config["PHOTO_STORE_DIR"] = str(tmp_path)
    try:
        headers = token_for("logistics")
        photo = client.post(
            "/api/v1/photos", data=jpeg_bytes(), headers={**headers, "Content-Type": "image/jpeg"}
        ).json
        shipment = client.post(
            "/api/v1/shipments",
            headers=headers,
            json={
                **scenario,
                "destination_code": "36.02.25.2003",
                "items": [{"commodity": "rice", "quantity": 2, "unit": "sack25"}],
            },
        ).json
        shipment = client.post(
            f"/api/v1/shipments/{shipment['id']}/dispatch",
            headers=headers,
            json={"version": shipment["version"]},
        ).json
        answer = client.post(
            f"/api/v1/shipments/{shipment['id']}/deliver",
            headers=headers,
            json={
                "version": shipment["version"],
                "received_by": "Pak Kades",
                "lat": -6.6216,
                "lon": 106.379,
                "accuracy_m": 8,
                "photos": [photo["sha256"]],
            },
        )
        assert answer.status_code == 200, answer.json
        alert_id = make_alert(kind="unconfirmed")
        login_as("ombudsman")
        response = client.get(f"/alerts/{alert_id}/report.pdf")
        assert response.status_code == 200
        reader = PdfReader(io.BytesIO(response.data))
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert photo["sha256"] in text.replace("\n", "")
        assert "(±8 m)" in text
        assert sum(len(page.images) for page in reader.pages) == 1
    finally:
        app.config["PHOTO_STORE_DIR"] = None
