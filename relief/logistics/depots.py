"""Depot mutations by admins: create, rename, move, hand to another organisation."""

from flask_babel import gettext as _
from sqlalchemy import select

from relief.areas.queries import unknown_area_codes
from relief.audit.services import record
from relief.core import changes
from relief.core.errors import DomainError
from relief.extensions import db
from relief.logistics.guards import check_point
from relief.logistics.models import Depot
from relief.organisations.models import Organisation


def _payload(depot: Depot) -> dict:
    return {
        "name": depot.name,
        "kind": depot.kind,
        "regency_code": depot.regency_code,
        "organisation_id": depot.organisation_id,
        "lat": depot.lat,
        "lon": depot.lon,
    }


def _organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise DomainError(
            _("Data tidak valid."), {"organisation_id": [_("Organisasi tidak dikenal.")]}
        )
    return organisation


def _check_name(name: str, depot_id: int | None = None) -> str:
    name = name.strip()
    other = db.session.scalar(select(Depot.id).where(Depot.name == name))
    if other is not None and other != depot_id:
        raise DomainError(_("Data tidak valid."), {"name": [_("Nama gudang sudah dipakai.")]})
    return name


def create_depot(data: dict) -> Depot:
    """Add a depot of an organisation in a regency, at a point."""
    name = _check_name(data["name"])
    organisation = _organisation(data["organisation_id"])
    if unknown_area_codes([data["regency_code"]], ("regency",)):
        raise DomainError(
            _("Data tidak valid."), {"regency_code": [_("Kabupaten/kota tidak dikenal.")]}
        )
    check_point(data["lat"], data["lon"])
    depot = Depot(
        name=name,
        kind=data.get("kind") or "gudang",
        regency_code=data["regency_code"],
        organisation_id=organisation.id,
        operator=organisation.name[:120],
        lat=data["lat"],
        lon=data["lon"],
    )
    db.session.add(depot)
    db.session.flush()
    record("create_depot", "depot", depot.id, _payload(depot))
    changes.note_reference("create_depot")  # the maps show depots
    return depot


def update_depot(depot: Depot, data: dict) -> Depot:
    """Change a depot's name, kind, point or organisation."""
    if "name" in data:
        depot.name = _check_name(data["name"], depot.id)
    if "kind" in data:
        depot.kind = data["kind"]
    if "organisation_id" in data:
        organisation = _organisation(data["organisation_id"])
        depot.organisation_id, depot.operator = organisation.id, organisation.name[:120]
    if "lat" in data or "lon" in data:
        lat, lon = data.get("lat", depot.lat), data.get("lon", depot.lon)
        check_point(lat, lon)
        depot.lat, depot.lon = lat, lon
    db.session.flush()
    record("update_depot", "depot", depot.id, _payload(depot))
    changes.note_reference("update_depot")
    return depot
