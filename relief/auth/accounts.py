"""Staff accounts managed by admins: create with a scope, change role or scope, disable."""

from flask_babel import gettext as _
from sqlalchemy import select

from relief.areas.queries import unknown_area_codes
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.auth.models import ApiToken, User
from relief.auth.services import create_user
from relief.core.errors import DomainError
from relief.core.models import utcnow
from relief.extensions import db
from relief.organisations.models import Organisation

SCOPE_LEVELS = ("province", "regency", "district")


def _payload(user: User) -> dict:
    return {
        "username": user.username,
        "name": user.name,
        "role": user.role,
        "organisation_id": user.organisation_id,
        "area_codes": list(user.area_codes or []),
        "active": user.active,
    }


def _check_scope(role: str, organisation_id: int | None, area_codes: list[str]) -> dict:
    fields = {}
    if organisation_id is not None and db.session.get(Organisation, organisation_id) is None:
        fields["organisation_id"] = [_("Organisasi tidak dikenal.")]
    unknown = unknown_area_codes(area_codes, SCOPE_LEVELS)
    if unknown:
        fields["area_codes"] = [
            _(
                "Bukan kode provinsi, kabupaten/kota atau kecamatan: %(codes)s",
                codes=", ".join(unknown),
            )
        ]
    if role == "logistics":
        if organisation_id is None:
            fields.setdefault("organisation_id", [_("Akun logistik wajib punya organisasi.")])
        if not area_codes:
            fields.setdefault("area_codes", [_("Akun logistik wajib punya wilayah kerja.")])
    return fields


def register_user(data: dict) -> User:
    """Create a staff account with its organisation and scope; audited."""
    area_codes = sorted(set(data.get("area_codes") or []))
    fields = _check_scope(data["role"], data.get("organisation_id"), area_codes)
    if fields:
        raise DomainError(_("Pengguna tidak dapat dibuat."), fields)
    user = create_user(
        data["username"].strip(),
        data["name"].strip(),
        data["role"],
        data["password"],
        email=data.get("email"),
        organisation_id=data.get("organisation_id"),
        area_codes=area_codes,
    )
    return user  # create_user audited it, with the row's whole state


def update_user(user: User, data: dict, by: User | None = None) -> User:
    """Change name, role, organisation or scope, or disable/enable an account; audited."""
    role = data.get("role", user.role)
    organisation_id = data.get("organisation_id", user.organisation_id)
    area_codes = sorted(set(data["area_codes"])) if "area_codes" in data else user.area_codes
    fields = _check_scope(role, organisation_id, list(area_codes or []))
    if by is not None and by.id == user.id and (data.get("active") is False or role != user.role):
        fields["active"] = [_("Anda tidak dapat menonaktifkan atau mengubah peran akun sendiri.")]
    if fields:
        raise DomainError(_("Pengguna tidak dapat diubah."), fields)
    user.name = data.get("name", user.name).strip()
    user.role, user.organisation_id, user.area_codes = role, organisation_id, list(area_codes)
    if "active" in data:
        set_active(user, data["active"])
    db.session.flush()
    record("update_user", "user", user.id, {**_payload(user), ROWS: state_of(user)})
    return user


def set_active(user: User, active: bool) -> None:
    """Enable or disable an account; disabling revokes its API tokens at once."""
    user.active = active
    if not active:
        for token in db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        ):
            token.revoked_at = utcnow()
    db.session.flush()
