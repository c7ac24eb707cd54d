"""Reads over organisations."""

from sqlalchemy import Select, String, cast, func, select

from relief.extensions import db
from relief.organisations.models import Organisation


def organisation_search(filters: dict | None = None) -> Select:
    """Organisations by kind, regency served, active and name, by name."""
    filters = filters or {}
    stmt = select(Organisation).order_by(Organisation.name)
    if filters.get("kind"):
        stmt = stmt.where(Organisation.kind == filters["kind"])
    if filters.get("regency"):
        # A JSON list of short codes: its text holds the quoted code.
        stmt = stmt.where(
            cast(Organisation.regency_codes, String).contains(f'"{filters["regency"]}"')
        )
    if filters.get("active") is not None:
        stmt = stmt.where(Organisation.active.is_(filters["active"]))
    if filters.get("q"):
        stmt = stmt.where(
            func.lower(Organisation.name).contains(filters["q"].strip().lower(), autoescape=True)
        )
    return stmt


def all_organisations(filters: dict | None = None) -> list[Organisation]:
    """Organisations (optionally filtered), by name."""
    return list(db.session.scalars(organisation_search(filters)))


def get_organisation(organisation_id: int) -> Organisation:
    """One organisation, or 404."""
    return db.get_or_404(Organisation, organisation_id)
