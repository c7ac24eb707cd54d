"""A village confirms a delivery with the waybill code: once, and differences stay visible."""

from sqlalchemy import func, select

from relief.extensions import db
from relief.logistics.models import Receipt, ReceiptItem, Shipment
from relief.public.queries import receipt_gaps

from .conftest import DRIVER, DRIVER_PHONE, VILLAGE

CODE = "K7QM2XH4"


def _item_field(app, shipment_id: int) -> str:
    with app.app_context():
        return f"item_{db.session.get(Shipment, shipment_id).items[0].id}"


def test_code_from_the_qr_shows_items_without_the_driver(client, make_shipment):
    make_shipment(status="dispatched", code=CODE)
    page = client.get(f"/konfirmasi?code={CODE.lower()}").get_data(as_text=True)
    assert "Beras" in page and "20 karung 25 kg" in page
    assert DRIVER not in page and DRIVER_PHONE not in page


def test_confirmation_records_one_village_receipt_and_marks_delivered(client, app,
                                                                      make_shipment):
    shipment_id = make_shipment(status="dispatched", code=CODE)
    field = _item_field(app, shipment_id)
    response = client.post("/konfirmasi", data={"code": CODE, "role": "kepala_desa", field: "18"})
    assert response.status_code == 200
    assert "sudah dicatat" in response.get_data(as_text=True)
    with app.app_context():
        receipt = db.session.scalar(select(Receipt))
        assert (receipt.channel, receipt.shipment.status) == ("village", "delivered")
        assert receipt.items[0].accepted_base == 450.0  # 18 sacks of 25 kg
        assert receipt.items[0].rejected_base == 50.0


def test_replay_changes_nothing(client, app, make_shipment):
    shipment_id = make_shipment(status="dispatched", code=CODE)
    field = _item_field(app, shipment_id)
    client.post("/konfirmasi", data={"code": CODE, "role": "kepala_desa", field: "18"})
    replay = client.post("/konfirmasi",
                         data={"code": CODE, "role": "koordinator_posko", field: "20"})
    assert replay.status_code == 200
    assert "Tidak ada yang diubah" in replay.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Receipt)) == 1
        assert db.session.scalar(select(ReceiptItem.accepted_base)) == 450.0
        assert db.session.scalar(select(Receipt.receiver_role)) == "kepala_desa"


def test_wrong_code_is_refused_and_records_nothing(client, app, make_shipment):
    make_shipment(status="dispatched", code=CODE)
    assert client.get("/konfirmasi?code=ZZZZ2222").status_code == 404
    response = client.post("/konfirmasi", data={"code": "ZZZZ2222", "role": "kepala_desa"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Receipt)) == 0


def test_quantity_above_what_was_sent_is_refused(client, app, make_shipment):
    shipment_id = make_shipment(status="dispatched", code=CODE)
    field = _item_field(app, shipment_id)
    response = client.post("/konfirmasi", data={"code": CODE, "role": "kepala_desa", field: "21"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Receipt)) == 0


def test_difference_between_logged_and_confirmed_shows_as_gap(client, app, make_shipment):
    shipment_id = make_shipment(status="dispatched", code=CODE)
    client.post("/konfirmasi",
                data={"code": CODE, "role": "kepala_desa", _item_field(app, shipment_id): "18"})
    with app.app_context():
        gaps = receipt_gaps(VILLAGE)
    assert [(g["commodity"], g["logged"], g["accepted"], g["gap"]) for g in gaps] == [
        ("rice", 500.0, 450.0, 50.0)]
    page = client.get(f"/desa/{VILLAGE}").get_data(as_text=True)
    assert "tercatat dikirim 500 kg, diterima 450 kg (selisih 50 kg)" in page
