"""Core tests reuse the logistics factories (idempotency and permissions act on shipments)."""

from tests.logistics.conftest import (  # noqa: F401 - fixtures
    logistics_headers,
    new_shipment,
    scenario,
    shipment_body,
)
