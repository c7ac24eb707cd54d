"""Photos: type checked by content, size limits, one stored object per content, EXIF removed
from residents' photos, BAST photos linked to the receipt and named in its audit entry."""

import hashlib
import io
import json

from PIL import Image
from sqlalchemy import func, select

from relief.extensions import db
from tests.field.conftest import VILLAGE, jpeg_bytes


def _upload(client, headers, data: bytes, media_type: str = "image/jpeg"):
    return client.post("/api/v1/photos", data=data, headers={**headers, "Content-Type": media_type})


def test_upload_stores_by_content_hash_once(app, client, token_for, photo_dir):
    from relief.media.models import Photo

    headers = token_for("logistics")
    data = jpeg_bytes()
    first = _upload(client, headers, data)
    assert first.status_code == 201, first.json
    digest = hashlib.sha256(data).hexdigest()
    assert first.json["sha256"] == digest  # a phone-reduced photo is kept byte for byte
    assert (photo_dir / digest[:2] / digest).read_bytes() == data
    again = _upload(client, headers, data)
    assert again.status_code == 200 and again.json["sha256"] == digest
    with app.app_context():
        assert db.session.scalar(select(func.count(Photo.id))) == 1


def test_upload_checks_the_type_by_content_not_by_header(client, token_for, photo_dir):
    headers = token_for("logistics")
    fake = _upload(client, headers, b"<svg onload=alert(1)></svg>" * 10)
    assert fake.status_code == 422
    assert fake.json["error"]["fields"]["photo"] == ["Berkas bukan foto JPEG, PNG atau WebP."]
    assert _upload(client, headers, jpeg_bytes(), "text/plain").status_code == 415
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    assert _upload(client, headers, gif.getvalue(), "image/png").status_code == 422


def test_upload_refuses_oversized_bodies(app, client, token_for, photo_dir):
    headers = token_for("logistics")
    app.config["PHOTO_MAX_BYTES"] = 2000
    try:
        response = _upload(client, headers, jpeg_bytes())
    finally:
        app.config["PHOTO_MAX_BYTES"] = 3 * 1024 * 1024
    assert response.status_code == 413


def test_large_photos_are_reduced_on_the_server(client, token_for, photo_dir):
    headers = token_for("logistics")
    response = _upload(client, headers, jpeg_bytes(size=(4000, 3000)))
    assert response.status_code == 201
    assert max(response.json["width"], response.json["height"]) == 1600


def test_only_logistics_upload_and_only_staff_see_photos(client, token_for, photo_dir):
    assert _upload(client, token_for("ombudsman"), jpeg_bytes()).status_code == 403
    assert _upload(client, {}, jpeg_bytes()).status_code == 401
    sha = _upload(client, token_for("logistics"), jpeg_bytes()).json["sha256"]
    assert client.get(f"/photos/{sha}").status_code in (302, 401)
    shown = client.get(f"/photos/{sha}", headers=token_for("ombudsman"))
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert "immutable" in shown.headers["Cache-Control"]


def test_bast_photo_is_linked_and_its_hash_audited(
    app, client, token_for, photo_dir, field_scenario
):
    from relief.audit.models import AuditEntry

    headers = token_for("logistics")
    [shipment_id] = field_scenario["dispatched"](1)
    sha = _upload(client, headers, jpeg_bytes()).json["sha256"]
    current = client.get(f"/api/v1/shipments/{shipment_id}", headers=headers).json
    answer = client.post(
        f"/api/v1/shipments/{shipment_id}/deliver",
        headers=headers,
        json={
            "version": current["version"],
            "received_by": "Pak Kades",
            "lat": -6.6216,
            "lon": 106.379,
            "accuracy_m": 9.5,
            "photos": [sha],
        },
    )
    assert answer.status_code == 200, answer.json
    receipt = answer.json["receipt"]
    assert receipt["photos"][0]["sha256"] == sha and receipt["gps_accuracy_m"] == 9.5
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "record_receipt"))
        payload = json.loads(entry.payload)
        assert payload["photos"] == [sha] and payload["accuracy_m"] == 9.5
    page = client.get(f"/shipments/{shipment_id}", headers=headers).get_data(as_text=True)
    assert f'src="/photos/{sha}"' in page and "akurasi ±10 m" in page


def test_bast_naming_an_unknown_photo_is_refused(client, token_for, photo_dir, field_scenario):
    headers = token_for("logistics")
    [shipment_id] = field_scenario["dispatched"](1)
    current = client.get(f"/api/v1/shipments/{shipment_id}", headers=headers).json
    answer = client.post(
        f"/api/v1/shipments/{shipment_id}/deliver",
        headers=headers,
        json={"version": current["version"], "received_by": "Pak Kades", "photos": ["a" * 64]},
    )
    assert answer.status_code == 422
    assert "photos" in answer.json["error"]["fields"]


def test_resident_photo_loses_its_exif_location(app, client, photo_dir):
    from relief.complaints.models import ResidentReport
    from relief.media.queries import photo_bytes

    exif = Image.Exif()
    exif[0x010F] = "KameraWarga"  # Make
    exif.get_ifd(0x8825)[2] = (6.0, 37.0, 0.0)  # GPSLatitude
    original = jpeg_bytes(exif=exif.tobytes())
    assert b"KameraWarga" in original
    response = client.post(
        "/lapor",
        data={
            "village": VILLAGE,
            "category": "not_received",
            "text": "Bantuan beras belum sampai ke RT kami.",
            "photo": (io.BytesIO(original), "foto.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        report = db.session.scalar(select(ResidentReport))
        stored = photo_bytes(report.photo)
    assert b"KameraWarga" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_resident_non_image_is_refused_beside_the_field(client, photo_dir):
    response = client.post(
        "/lapor",
        data={
            "village": VILLAGE,
            "category": "not_received",
            "text": "Bantuan beras belum sampai ke RT kami.",
            "photo": (io.BytesIO(b"%PDF-1.4 not a photo"), "foto.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Berkas bukan foto JPEG, PNG atau WebP." in response.get_data(as_text=True)
