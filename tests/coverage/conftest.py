"""Factories for coverage tests: events, assessments and delivered shipments."""

from datetime import UTC, date, datetime

import pytest

from relief.coverage.models import Assessment
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Depot, Receipt, ReceiptItem, Shipment, ShipmentItem

BANJARSARI = "36.02.25.2004"  # Desa Banjarsari, Kec. Lebakgedong, Kab. Lebak
LEBAKGEDONG = "36.02.25.2003"
LEBAKGEDONG_DISTRICT = "36.02.25"
LEBAK = "36.02"


def at(day: int, hour: int = 12) -> datetime:
    """A UTC moment in January 2020."""
    return datetime(2020, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def make_event(app_ctx):
    """Factory: a flush()ed event starting 1 January 2020, emergency to 28 January."""
    counter = iter(range(1, 1000))

    def make(norm_profile: str = "kemensos", **kw) -> Event:
        n = next(counter)
        event = Event(code=f"EV{n}", name=f"Banjir {n}", started_on=kw.pop("started_on",
                      date(2020, 1, 1)), emergency_until=kw.pop("emergency_until",
                      date(2020, 1, 28)), norm_profile=norm_profile, **kw)
        db.session.add(event)
        db.session.flush()
        return event

    return make


@pytest.fixture
def make_assessment(app_ctx):
    """Factory: a flush()ed assessment of a village."""

    def make(event: Event, village: str = BANJARSARI, when: datetime | None = None,
             **kw) -> Assessment:
        kw.setdefault("severity", 3)
        assessment = Assessment(event_id=event.id, village_code=village,
                                assessed_at=when or at(2), **kw)
        db.session.add(assessment)
        db.session.flush()
        return assessment

    return make


@pytest.fixture
def make_delivery(app_ctx):
    """Factory: a delivered shipment of items [(commodity, quantity_base)], optionally received."""
    state = {"depot": None, "n": 0}

    def make(event: Event, village: str = BANJARSARI, items=(("rice", 100.0),),
             delivered_at: datetime | None = None, accepted=None,
             status: str = "delivered", received_at: datetime | None = None) -> Shipment:
        if state["depot"] is None:
            state["depot"] = Depot(name="Gudang BPBD Lebak", kind="gudang", regency_code=LEBAK)
            db.session.add(state["depot"])
        state["n"] += 1
        shipment = Shipment(event_id=event.id, origin_depot=state["depot"],
                            destination_code=village, status=status,
                            waybill_no=f"T-{event.id}-{state['n']}",
                            delivered_at=(delivered_at or at(3)) if status == "delivered"
                            else None)
        for code, qty in items:
            shipment.items.append(ShipmentItem(commodity_code=code, quantity=qty, unit="base",
                                               quantity_base=qty))
        db.session.add(shipment)
        db.session.flush()
        if accepted is not None:
            receipt = Receipt(shipment_id=shipment.id, received_by="Kades", receiver_role="kades",
                              received_at=received_at or shipment.delivered_at,
                              channel="staff")
            for item, qty in zip(shipment.items, accepted, strict=True):
                receipt.items.append(ReceiptItem(shipment_item_id=item.id,
                                                 commodity_code=item.commodity_code,
                                                 accepted_base=qty,
                                                 rejected_base=item.quantity_base - qty))
            db.session.add(receipt)
            db.session.flush()
        return shipment

    return make
