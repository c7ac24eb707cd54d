"""`record_receipt`: the reusable BAST writer, also used by the village confirmation."""

from datetime import UTC, datetime

import pytest

from relief.core.errors import ConflictError, DomainError
from relief.extensions import db
from relief.unit_of_work import commit_write


def _record(app, shipment_id, channel="village", **overrides):
    from relief.logistics.models import Shipment
    from relief.logistics.services import record_receipt

    with app.test_request_context():
        shipment = db.session.get(Shipment, shipment_id)
        args = {
            "received_by": "Warga",
            "receiver_role": "Ketua RT",
            "received_at": datetime.now(UTC),
            "lat": None,
            "lon": None,
            "items": [],
        }
        args.update(overrides)
        receipt = record_receipt(shipment, channel=channel, user=None, **args)
        commit_write()
        return shipment.status, receipt.channel, [h.by_label for h in shipment.history]


def test_village_confirmation_of_a_shipment_in_transit_marks_it_delivered(app, new_shipment):
    shipment = new_shipment(dispatch=True)
    status, channel, labels = _record(app, shipment["id"])
    assert (status, channel) == ("delivered", "village")
    assert labels[-1] == "desa"


def test_village_cannot_confirm_a_planned_shipment(app, new_shipment):
    shipment = new_shipment()
    with pytest.raises(ConflictError):
        _record(app, shipment["id"])


def test_staff_receipt_needs_a_delivered_shipment(app, new_shipment):
    shipment = new_shipment(dispatch=True)
    with pytest.raises(ConflictError):
        _record(app, shipment["id"], channel="staff")


def test_receipt_without_receiver_name_is_refused(app, new_shipment):
    shipment = new_shipment(dispatch=True)
    with pytest.raises(DomainError) as caught:
        _record(app, shipment["id"], received_by="  ")
    assert "received_by" in caught.value.fields


def test_second_receipt_is_refused(app, new_shipment):
    shipment = new_shipment(dispatch=True)
    _record(app, shipment["id"])
    with pytest.raises(ConflictError):
        _record(app, shipment["id"])
