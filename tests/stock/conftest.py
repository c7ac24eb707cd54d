"""Stock tests reuse the logistics fixtures: an event, a depot, shipments through the API."""

from tests.logistics.conftest import (  # noqa: F401 - fixtures
    VILLAGE,
    fast_password_hashing,
    logistics_headers,
    new_shipment,
    scenario,
    shipment_body,
)
