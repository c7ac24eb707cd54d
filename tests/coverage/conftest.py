"""Factories for coverage tests: events, assessments and delivered shipments."""

from datetime import UTC, datetime

import pytest

from relief.coverage.models import Assessment
from relief.events.models import Event
from relief.logistics.models import Shipment
from tests import factories

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

    def make(norm_profile: str = "kemensos", **kw) -> Event:
        return factories.event(norm_profile=norm_profile, **kw)

    return make


@pytest.fixture
def make_assessment(app_ctx):
    """Factory: a flush()ed assessment of a village."""

    def make(
        event: Event, village: str = BANJARSARI, when: datetime | None = None, **kw
    ) -> Assessment:
        return factories.assessment(event.id, village, when or at(2), **kw)

    return make


@pytest.fixture
def make_delivery(app_ctx):
    """Factory: a delivered shipment of items [(commodity, quantity_base)], optionally received."""

    def make(
        event: Event,
        village: str = BANJARSARI,
        items=(("rice", 100.0),),
        delivered_at: datetime | None = None,
        accepted=None,
        status: str = "delivered",
        received_at: datetime | None = None,
    ) -> Shipment:
        shipment = factories.shipment(event.id, village, items, status, delivered_at or at(3))
        if accepted is not None:
            factories.receipt(shipment, accepted, received_at)
        return shipment

    return make
