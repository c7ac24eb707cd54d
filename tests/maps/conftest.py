"""Fixtures of the map tests: an event, coverage rows standing in for the coverage query."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from relief.areas.models import Area
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Depot, Shipment

COMMODITIES = ("rice", "medicine", "clothing")


@pytest.fixture
def map_event(app):
    """A committed flood event; returns its id."""
    with app.app_context():
        event = Event(code="T2020", name="Banjir uji", started_on=date(2020, 1, 1),
                      emergency_until=date(2020, 1, 28))
        db.session.add(event)
        db.session.commit()
        return event.id


@pytest.fixture
def lebak_villages(app):
    """(code, name, lat, lon) of every village in Kabupaten Lebak (36.02)."""
    with app.app_context():
        stmt = (select(Area.code, Area.name, Area.lat, Area.lon)
                .where(Area.level == "village", Area.regency_code == "36.02").order_by(Area.code))
        return [tuple(row) for row in db.session.execute(stmt)]


def coverage_row(code: str, commodity: str, need: float, delivered: float, severity: int = 4,
                 name: str = "Desa") -> dict:
    """One row shaped like `relief.coverage.queries.village_coverage` returns."""
    return {"code": code, "name": name, "district_code": code[:8], "regency_code": code[:5],
            "lat": -6.6, "lon": 106.2, "commodity": commodity, "need": need,
            "delivered": delivered, "coverage": delivered / need if need else None,
            "severity": severity, "displaced": 120, "affected": 300}


@pytest.fixture
def fake_coverage(monkeypatch):
    """Replace the coverage query with given rows; returns the setter."""

    def use(rows: list[dict]) -> None:
        monkeypatch.setattr("relief.maps.view.coverage_rows",
                            lambda event_id, as_of, regency: [
                                r for r in rows if not regency or r["regency_code"] == regency])

    return use


@pytest.fixture
def delivered_shipment(app, map_event):
    """Factory: a depot and a shipment delivered at a GPS point on a day; returns its id."""

    def make(village: str, lat: float, lon: float, day: int = 5) -> int:
        with app.app_context():
            depot = db.session.scalar(select(Depot).where(Depot.name == "Gudang BPBD Lebak"))
            if depot is None:
                depot = Depot(name="Gudang BPBD Lebak", kind="gudang", regency_code="36.02",
                              lat=-6.36, lon=106.25)
                db.session.add(depot)
                db.session.flush()
            at = datetime(2020, 1, day, 6, tzinfo=timezone.utc)
            shipment = Shipment(event_id=map_event, origin_depot_id=depot.id,
                                destination_code=village, status="delivered", delivered_at=at,
                                delivery_lat=lat, delivery_lon=lon,
                                waybill_no=f"SJ-{village}-{day}")
            db.session.add(shipment)
            db.session.commit()
            return shipment.id

    return make
