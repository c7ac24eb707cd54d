"""The coverage factories (events, assessments, deliveries) for the desk's tests."""

from tests.coverage.conftest import make_assessment, make_delivery, make_event  # noqa: F401
