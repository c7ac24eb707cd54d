"""The area revision: a token that changes with every boundary import, and with every facts
refresh that adds an area or changes a name or a place in the hierarchy (what the map's
topologies and the place search are built from)."""

import uuid

from sqlalchemy import select

from relief.areas.models import GeometryRevision
from relief.extensions import db


def current_revision() -> str:
    """The current token ("" before any area was loaded); one primary-key read."""
    value = db.session.scalar(select(GeometryRevision.value).where(GeometryRevision.id == 1))
    return value or ""


def bump_revision() -> str:
    """Give the areas a new token (inside the importing transaction)."""
    row = db.session.get(GeometryRevision, 1)
    value = uuid.uuid4().hex
    if row is None:
        db.session.add(GeometryRevision(id=1, value=value))
    else:
        row.value = value
    db.session.flush()
    return value
