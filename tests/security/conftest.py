"""The logistics factories (event, depot, shipments through the API) serve these tests too."""

from tests.logistics.conftest import (  # noqa: F401 - fixtures
    fast_password_hashing,
    logistics_headers,
    new_shipment,
    scenario,
    shipment_body,
)
