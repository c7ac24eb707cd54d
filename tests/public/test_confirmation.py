"""A delivery is signed twice: the staff BAST and the village's own confirmation with its PIN.

The waybill number only names the delivery (it travels with the driver); the village PIN,
issued by an admin, signs. The village may confirm or dispute after a staff BAST, and a
dispute or quantities differing beyond the tolerance raise a receipt_disputed alert.
"""

from sqlalchemy import func, select

from relief.alerts.models import Alert
from relief.extensions import db
from relief.logistics.models import Receipt, Shipment
from relief.logistics.signatures import VillageConfirmation, VillagePin
from relief.logistics.village import confirm_by_village, issue_village_pin
from relief.public.queries import receipt_gaps
from relief.unit_of_work import commit_write

from .conftest import DRIVER, DRIVER_PHONE, VILLAGE

SIGNER = {"name": "Hj. Siti Aminah", "role": "kepala_desa", "phone": "0812 1111 2222"}


def _pin(app, village=VILLAGE) -> str:
    with app.app_context():
        _row, pin = issue_village_pin(village, "Kepala Desa", "surat tertutup", None)
        commit_write()
        return pin


def _waybill_and_field(app, shipment_id: int) -> tuple[str, str]:
    with app.app_context():
        shipment = db.session.get(Shipment, shipment_id)
        return shipment.waybill_no, f"item_{shipment.items[0].id}"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_waybill_and_pin_show_the_items_without_the_driver(client, app, make_shipment):
    waybill, _field = _waybill_and_field(app, make_shipment(status="dispatched"))
    pin = _pin(app)
    page = client.post("/konfirmasi", data={"waybill": waybill.lower(), "pin": pin})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Beras" in text and "20 karung 25 kg" in text
    assert DRIVER not in text and DRIVER_PHONE not in text


def test_a_waybill_alone_cannot_confirm_anything(client, app, make_shipment):
    shipment_id = make_shipment(status="dispatched")
    waybill, field = _waybill_and_field(app, shipment_id)
    _pin(app)
    for pin in ("", "00000000", "12345678"):
        response = client.post(
            "/konfirmasi",
            data={"waybill": waybill, "pin": pin, "verdict": "confirm", field: "20", **SIGNER},
        )
        assert response.status_code == 404
    # The old waybill code, printed for the driver, confirms nothing either.
    with app.app_context():
        code = db.session.get(Shipment, shipment_id).confirmation_code
    response = client.post(
        "/konfirmasi",
        data={"waybill": waybill, "pin": code, "verdict": "confirm", field: "20", **SIGNER},
    )
    assert response.status_code == 404
    assert _count(app, VillageConfirmation) == 0
    with app.app_context():
        assert db.session.get(Shipment, shipment_id).status == "dispatched"


def test_a_village_without_a_pin_cannot_confirm(client, app, make_shipment):
    waybill, _field = _waybill_and_field(app, make_shipment(status="dispatched"))
    assert client.post("/konfirmasi", data={"waybill": waybill, "pin": "1234"}).status_code == 404


def test_confirmation_records_the_signer_and_redirects_so_back_never_resubmits(
    client, app, make_shipment
):
    shipment_id = make_shipment(status="dispatched")
    waybill, field = _waybill_and_field(app, shipment_id)
    pin = _pin(app)
    data = {"waybill": waybill, "pin": pin, "verdict": "confirm", field: "20", **SIGNER}
    response = client.post("/konfirmasi", data=data)
    assert response.status_code == 303
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "desa mengonfirmasi penerimaan" in done
    replay = client.post("/konfirmasi", data=dict(data, **{field: "3"}))
    assert replay.status_code == 303  # the first answer again, nothing new
    with app.app_context():
        confirmation = db.session.scalar(select(VillageConfirmation))
        assert (
            confirmation.confirmer_name,
            confirmation.confirmer_role,
            confirmation.confirmer_phone,
        ) == ("Hj. Siti Aminah", "kepala_desa", "0812 1111 2222")
        assert confirmation.items[0].received_base == 500.0
        assert confirmation.shipment.status == "delivered"
        assert db.session.scalar(select(func.count()).select_from(Receipt)) == 0  # no BAST
    assert _count(app, VillageConfirmation) == 1


def test_the_village_can_dispute_after_a_staff_bast_and_an_alert_opens(
    client, app, make_shipment, make_receipt
):
    shipment_id = make_shipment(status="delivered")
    make_receipt(shipment_id)  # staff say: everything arrived
    waybill, field = _waybill_and_field(app, shipment_id)
    pin = _pin(app)
    missing_note = client.post(
        "/konfirmasi",
        data={"waybill": waybill, "pin": pin, "verdict": "dispute", field: "0", **SIGNER},
    )
    assert missing_note.status_code == 422
    assert "Tulis apa yang tidak sesuai." in missing_note.get_data(as_text=True)
    response = client.post(
        "/konfirmasi",
        data={
            "waybill": waybill,
            "pin": pin,
            "verdict": "dispute",
            field: "0",
            "note": "Truk tidak pernah sampai ke desa.",
            **SIGNER,
        },
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Receipt)) == 1  # both kept
        alert = db.session.scalar(select(Alert).where(Alert.kind == "receipt_disputed"))
        assert alert is not None and alert.level == "critical"
        assert alert.category == "penyimpangan_prosedur"
        assert alert.facts["disputed_shipments"] == [waybill]


def test_quantities_differing_beyond_the_tolerance_raise_the_alert(
    app, make_shipment, make_receipt
):
    shipment_id = make_shipment(status="delivered")
    make_receipt(shipment_id)
    waybill, _field = _waybill_and_field(app, shipment_id)
    pin = _pin(app)
    with app.app_context():
        confirm_by_village(
            waybill, pin, "Pak RT", "perangkat_desa", "0813", {"rice": 480.0}, "confirm"
        )  # 4 % short: within the 5 % tolerance
        commit_write()
        assert db.session.scalar(select(Alert).where(Alert.kind == "receipt_disputed")) is None
    other = make_shipment(status="delivered")
    make_receipt(other)
    waybill, _field = _waybill_and_field(app, other)
    with app.app_context():
        confirm_by_village(
            waybill,
            pin,
            "Pak RT",
            "perangkat_desa",
            "0813",
            {"rice": 400.0},
            "confirm",
            channel="sms",
        )  # 20 % short
        commit_write()
        alert = db.session.scalar(select(Alert).where(Alert.kind == "receipt_disputed"))
        assert alert is not None
        assert alert.facts["differences"] == [[waybill, "rice", 400.0, 500.0]]


def test_a_new_pin_replaces_the_old_one_and_only_its_hash_is_stored(client, app, make_shipment):
    waybill, _field = _waybill_and_field(app, make_shipment(status="dispatched"))
    old = _pin(app)
    new = _pin(app)
    assert client.post("/konfirmasi", data={"waybill": waybill, "pin": old}).status_code == 404
    assert client.post("/konfirmasi", data={"waybill": waybill, "pin": new}).status_code == 200
    with app.app_context():
        hashes = list(db.session.scalars(select(VillagePin.pin_hash)))
    assert len(hashes) == 2 and all(new not in h and old not in h for h in hashes)


def test_difference_between_logged_and_confirmed_shows_as_gap(
    client, app, make_shipment, make_receipt
):
    shipment_id = make_shipment(status="delivered")
    make_receipt(shipment_id, share=0.9)
    with app.app_context():
        gaps = receipt_gaps(VILLAGE)
    assert [(g["commodity"], g["logged"], g["accepted"], g["gap"]) for g in gaps] == [
        ("rice", 500.0, 450.0, 50.0)
    ]


def test_admin_issues_a_pin_once_on_its_page(client, login_as, app):
    login_as("admin")
    response = client.post(
        "/admin/village-pins",
        data={"village_code": VILLAGE, "holder": "Kepala Desa", "channel": "telepon"},
    )
    assert response.status_code == 200
    assert "tidak akan ditampilkan lagi" in response.get_data(as_text=True)
    assert _count(app, VillagePin) == 1
    again = client.get("/admin/village-pins").get_data(as_text=True)
    assert "tidak akan ditampilkan lagi" not in again


def test_shipment_page_names_the_village_signer_role_and_goods_in_words(
    client, app, make_shipment, login_as
):
    shipment_id = make_shipment(status="dispatched")
    waybill, field = _waybill_and_field(app, shipment_id)
    client.post(
        "/konfirmasi",
        data={"waybill": waybill, "pin": _pin(app), "verdict": "confirm", field: "20", **SIGNER},
    )
    login_as("ombudsman")
    page = client.get(f"/shipments/{shipment_id}").get_data(as_text=True)
    assert "Hj. Siti Aminah (Kepala desa / lurah)" in page  # issue 19: not "(kepala_desa)"
    assert "kepala_desa" not in page and "<li>rice:" not in page
    assert "<li>Beras: 500 kg</li>" in page
