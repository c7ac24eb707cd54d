"""Fixtures of the map tests: an event, assessments and delivered shipments."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from relief.areas.models import Area
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories


@pytest.fixture
def map_event(app):
    """A committed flood event; returns its id."""
    with app.app_context():
        event = factories.event("T2020")
        commit_write()
        return event.id


@pytest.fixture
def lebak_villages(app):
    """(code, name, lat, lon) of every village in Kabupaten Lebak (36.02)."""
    with app.app_context():
        stmt = (
            select(Area.code, Area.name, Area.lat, Area.lon)
            .where(Area.level == "village", Area.regency_code == "36.02")
            .order_by(Area.code)
        )
        return [tuple(row) for row in db.session.execute(stmt)]


@pytest.fixture
def assess(app, map_event):
    """Factory: a committed assessment of a village on 2 January 2020 (severity as given)."""

    def make(village: str, severity: int = 5, displaced: int = 100) -> None:
        with app.app_context():
            factories.assessment(
                map_event,
                village,
                datetime(2020, 1, 2, 3, tzinfo=UTC),
                displaced,
                severity=severity,
                households=displaced // 4,
            )
            commit_write()

    return make


@pytest.fixture
def delivered_shipment(app, map_event):
    """Factory: a depot and a shipment delivered at a GPS point on a day; returns its id."""

    def make(
        village: str,
        lat: float,
        lon: float,
        day: int = 5,
        items=(("rice", 100.0), ("medicine", 10.0), ("clothing", 50.0)),
    ) -> int:
        with app.app_context():
            shipment = factories.shipment(
                map_event,
                village,
                items,
                delivered_at=datetime(2020, 1, day, 6, tzinfo=UTC),
                delivery_lat=lat,
                delivery_lon=lon,
                waybill_no=f"SJ-{village}-{day}",
            )
            commit_write()
            return shipment.id

    return make
