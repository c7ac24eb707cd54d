"""Organisation mutations by admins: create and change; every change audited."""

from flask_babel import gettext as _
from sqlalchemy import select

from relief.areas.queries import unknown_area_codes
from relief.audit.services import record
from relief.core.errors import DomainError
from relief.extensions import db
from relief.organisations.models import Organisation

FIELDS = ("name", "kind", "regency_codes", "complaint_email", "complaint_phone", "active")


def _payload(organisation: Organisation) -> dict:
    return {name: getattr(organisation, name) for name in FIELDS}


def _check(data: dict, organisation_id: int | None = None) -> None:
    fields = {}
    if "name" in data:
        other = db.session.scalar(
            select(Organisation.id).where(Organisation.name == data["name"].strip())
        )
        if other is not None and other != organisation_id:
            fields["name"] = [_("Nama organisasi sudah dipakai.")]
    unknown = unknown_area_codes(data.get("regency_codes") or [], ("regency",))
    if unknown:
        fields["regency_codes"] = [
            _("Kabupaten/kota tidak dikenal: %(codes)s", codes=", ".join(unknown))
        ]
    if fields:
        raise DomainError(_("Data tidak valid."), fields)


def create_organisation(data: dict) -> Organisation:
    """Add a public-service unit with the regencies it serves."""
    _check(data)
    organisation = Organisation(
        name=data["name"].strip(),
        kind=data["kind"],
        regency_codes=sorted(set(data["regency_codes"])),
        complaint_email=data.get("complaint_email"),
        complaint_phone=data.get("complaint_phone"),
        active=True,
    )
    db.session.add(organisation)
    db.session.flush()
    record("create_organisation", "organisation", organisation.id, _payload(organisation))
    return organisation


def update_organisation(organisation: Organisation, data: dict) -> Organisation:
    """Change an organisation's name, kind, regencies, contact or active flag."""
    _check(data, organisation.id)
    for name in FIELDS:
        if name in data:
            value = data[name]
            if name == "name":
                value = value.strip()
            elif name == "regency_codes":
                value = sorted(set(value))
            setattr(organisation, name, value)
    db.session.flush()
    record("update_organisation", "organisation", organisation.id, _payload(organisation))
    return organisation
