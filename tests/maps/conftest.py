"""Fixtures of the map tests: an event, assessments and delivered shipments."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from relief.areas.models import Area
from relief.coverage.models import Assessment
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Depot, Shipment, ShipmentItem
from relief.unit_of_work import commit_write


@pytest.fixture
def map_event(app):
    """A committed flood event; returns its id."""
    with app.app_context():
        event = Event(code="T2020", name="Banjir uji", started_on=date(2020, 1, 1),
                      emergency_until=date(2020, 1, 28))
        db.session.add(event)
        commit_write()
        return event.id


@pytest.fixture
def lebak_villages(app):
    """(code, name, lat, lon) of every village in Kabupaten Lebak (36.02)."""
    with app.app_context():
        stmt = (select(Area.code, Area.name, Area.lat, Area.lon)
                .where(Area.level == "village", Area.regency_code == "36.02").order_by(Area.code))
        return [tuple(row) for row in db.session.execute(stmt)]


@pytest.fixture
def assess(app, map_event):
    """Factory: a committed assessment of a village on 2 January 2020 (severity as given)."""

    def make(village: str, severity: int = 5, displaced: int = 100) -> None:
        with app.app_context():
            db.session.add(Assessment(
                event_id=map_event, village_code=village, severity=severity,
                assessed_at=datetime(2020, 1, 2, 3, tzinfo=UTC),
                displaced_persons=displaced, affected_persons=displaced * 2,
                households=displaced // 4, displaced_households=displaced // 4))
            commit_write()

    return make


@pytest.fixture
def delivered_shipment(app, map_event):
    """Factory: a depot and a shipment delivered at a GPS point on a day; returns its id."""

    def make(village: str, lat: float, lon: float, day: int = 5,
             items=(("rice", 100.0), ("medicine", 10.0), ("clothing", 50.0))) -> int:
        with app.app_context():
            depot = db.session.scalar(select(Depot).where(Depot.name == "Gudang BPBD Lebak"))
            if depot is None:
                depot = Depot(name="Gudang BPBD Lebak", kind="gudang", regency_code="36.02",
                              lat=-6.36, lon=106.25)
                db.session.add(depot)
                db.session.flush()
            at = datetime(2020, 1, day, 6, tzinfo=UTC)
            shipment = Shipment(event_id=map_event, origin_depot_id=depot.id,
                                destination_code=village, status="delivered", delivered_at=at,
                                delivery_lat=lat, delivery_lon=lon,
                                waybill_no=f"SJ-{village}-{day}")
            for code, quantity in items:
                shipment.items.append(ShipmentItem(commodity_code=code, quantity=quantity,
                                                   unit="base", quantity_base=quantity))
            db.session.add(shipment)
            commit_write()
            return shipment.id

    return make
