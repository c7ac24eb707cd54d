"""Reuse the coverage factories."""

from tests.coverage.conftest import make_assessment, make_delivery, make_event  # noqa: F401
