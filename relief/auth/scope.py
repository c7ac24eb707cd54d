"""A staff account's write scope: the areas (area_codes) and the organisation it works for."""

from flask_babel import gettext as _

from relief.core.errors import DomainError


def covers(area_codes: list[str] | None, code: str) -> bool:
    """Whether a province/regency/district code list contains an area code (pure)."""
    return any(code == scope or code.startswith(scope + ".") for scope in area_codes or [])


def scope_label(user) -> str:
    """The scope as the refusal names it: its codes, or that there is none."""
    codes = list(getattr(user, "area_codes", None) or [])
    return ", ".join(codes) if codes else _("(belum ada)")


def scope_filter(user) -> list[str] | None:
    """Area codes a list defaults to for this user; None where the user reads everything."""
    if getattr(user, "role", None) != "logistics":
        return None
    return list(user.area_codes or [])


def check_area(
    user, code: str, field: str = "destination_code", refusal: str | None = None
) -> None:
    """Refuse (403) a write for an area outside the user's scope; no user means the system.

    `refusal` words the message for the thing refused (it may use %(code)s and %(scope)s).
    """
    if user is None or covers(user.area_codes, code):
        return
    template = refusal or _("Desa %(code)s di luar wilayah kerja akun Anda (%(scope)s).")
    message = template % {"code": code, "scope": scope_label(user)}
    raise DomainError(message, {field: [message]}, status=403)


def check_depot(
    user, depot_organisation_id: int | None, depot_name: str, field: str = "origin_depot_id"
) -> None:
    """Refuse (403) a write from a depot of another organisation than the user's."""
    if user is None or user.organisation_id == depot_organisation_id:
        return
    organisation = user.organisation.name if user.organisation else _("tanpa organisasi")
    message = _(
        "Gudang %(depot)s bukan milik organisasi Anda (%(org)s).",
        depot=depot_name,
        org=organisation,
    )
    raise DomainError(message, {field: [message]}, status=403)


def check_shipment(user, destination_code: str, depot) -> None:
    """A shipment write: its village in the user's scope, its depot of the user's organisation."""
    check_area(user, destination_code)
    check_depot(user, depot.organisation_id, depot.name)
