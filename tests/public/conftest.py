"""Factories for the public domain: an event, shipments with personal data, receipts, reports.

Shipments and receipts are written straight to the tables (the logistics API is tested in
tests/logistics); receipts go through logistics' `record_receipt`.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories
from tests.logistics.conftest import (  # noqa: F401 - fixtures for test_page_cache
    fast_password_hashing,
    logistics_headers,
    scenario,
    shipment_body,
)

DRIVER = "Supardi Wiryawan"
DRIVER_PHONE = "081298765432"
RECEIVER = "Hj. Euis Komariah"
REPORT_TEXT = "Pak RT Darsono meminta uang lima puluh ribu sebelum beras dibagi"
REPORT_CONTACT = "085711223344"
VILLAGE = "36.02.25.2003"  # Desa Lebakgedong


@pytest.fixture
def event(app):
    """The flood event (id), committed."""
    with app.app_context():
        ev = factories.event("BJR2020", name="Banjir Lebak, Januari 2020")
        commit_write()
        return ev.id


@pytest.fixture
def make_shipment(app, event):
    """Factory: a shipment to a village with a driver, items and a confirmation code."""
    from relief.logistics.models import Depot, Shipment, ShipmentItem

    counter = iter(range(1, 1000))

    def make(
        village=VILLAGE,
        items=(("rice", 20, "sack25", 25),),
        status="delivered",
        code=None,
        posko=None,
        when=datetime(2020, 1, 3, 9, tzinfo=UTC),
    ):
        n = next(counter)
        with app.app_context():
            depot = db.session.scalar(select(Depot).limit(1)) or Depot(
                name="Gudang BPBD Lebak", kind="gudang", regency_code="36.02"
            )
            shipment = Shipment(
                waybill_no=f"SJ-{n:04d}",
                event_id=event,
                origin_depot=depot,
                destination_code=village,
                driver_name=DRIVER,
                driver_phone=DRIVER_PHONE,
                vehicle_plate="A 1234 XY",
                status=status,
                dispatched_at=when,
                delivered_at=when + timedelta(hours=5) if status == "delivered" else None,
                confirmation_code=code or f"K{n:05d}X",
                notes=f"sopir {DRIVER}",
                posko_name=posko[0] if posko else None,
                posko_lat=posko[1] if posko else None,
                posko_lon=posko[2] if posko else None,
            )
            for commodity, quantity, unit, factor in items:
                shipment.items.append(
                    ShipmentItem(
                        commodity_code=commodity,
                        quantity=quantity,
                        unit=unit,
                        quantity_base=quantity * factor,
                    )
                )
            db.session.add(shipment)
            commit_write()
            return shipment.id

    return make


@pytest.fixture
def make_receipt(app):
    """Factory: a staff receipt (BAST) naming the receiver; `share` of each item accepted."""
    from relief.logistics import services as logistics
    from relief.logistics.models import Shipment

    def make(shipment_id, share=1.0):
        with app.app_context():
            shipment = db.session.get(Shipment, shipment_id)
            items = [
                {
                    "commodity": i.commodity_code,
                    "accepted": i.quantity_base * share,
                    "rejected": round(i.quantity_base * (1 - share), 3),
                    "reason": "basah",
                }
                for i in shipment.items
            ]
            logistics.record_receipt(
                shipment,
                received_by=RECEIVER,
                receiver_role="Sekdes",
                received_at=shipment.delivered_at,
                lat=-6.62,
                lon=106.38,
                items=items,
                channel="staff",
                user=None,
            )
            commit_write()

    return make


@pytest.fixture
def make_assessment(app, event):
    """Factory: an assessment of a village (displaced persons and households)."""

    def make(village=VILLAGE, displaced=200, households=50):
        with app.app_context():
            factories.assessment(
                event,
                village,
                displaced=displaced,
                severity=4,
                households=households * 2,
                displaced_households=households,
                source="BPBD",
            )
            commit_write()

    return make


@pytest.fixture
def make_report(app):
    """Factory: a filed report with text and private contact; returns its tracking code."""
    from relief.public.services import file_report

    def make(
        village=VILLAGE, category="payment_demanded", text=REPORT_TEXT, contact=REPORT_CONTACT
    ):
        with app.app_context():
            report = file_report(village, category, text, contact)
            commit_write()
            return report.tracking_code

    return make
