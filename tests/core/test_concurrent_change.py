"""A write that loses a race to another request answers 409, never 500."""

from sqlalchemy import update

from relief.extensions import db


def test_a_row_changed_between_read_and_write_answers_409(app, client, new_shipment,
                                                           logistics_headers, monkeypatch):
    from relief.logistics import queries
    from relief.logistics.models import Shipment

    shipment = new_shipment()
    read = queries.get_shipment

    def read_then_lose_the_race(shipment_id):
        loaded = read(shipment_id)
        # Another request dispatches it between this request's read and its write.
        with app.app_context():
            db.session.execute(update(Shipment).where(Shipment.id == shipment_id)
                               .values(version=Shipment.version + 1))
            db.session.commit()
        return loaded

    monkeypatch.setattr(queries, "get_shipment", read_then_lose_the_race)
    response = client.post(f"/api/v1/shipments/{shipment['id']}/dispatch",
                           json={"version": shipment["version"]}, headers=logistics_headers)
    assert response.status_code == 409, response.json
    assert response.json["error"]["code"] == "conflict"
