"""Audit tests write through the shipment API."""

from tests.logistics.conftest import (  # noqa: F401 - fixtures
    logistics_headers,
    new_shipment,
    scenario,
    shipment_body,
)
