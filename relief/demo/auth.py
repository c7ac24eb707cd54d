"""Demo step: the three demo accounts (demo mode only)."""

from flask import current_app
from sqlalchemy import select

from relief.auth.models import User
from relief.auth.services import create_user
from relief.demo.organisations import by_name as demo_organisations
from relief.extensions import db

DEMO_PASSWORD = "bantuan2020"  # noqa: S105 - documented demo credential, demo mode only
# username, name, role, organisation, scope (area codes)
DEMO_USERS = [
    ("admin", "Admin Pantau Bantuan", "admin", None, []),
    ("logistik", "Petugas Logistik BPBD Lebak", "logistics", "BPBD Kabupaten Lebak", ["36.02"]),
    ("ombudsman", "Asisten Ombudsman RI Banten", "ombudsman", None, []),
]


def load(rng) -> str:
    """Create the demo accounts unless they exist; refused outside demo mode."""
    if not current_app.config["DEMO_MODE"]:
        return "demo users skipped (not in demo mode)"
    known = {u.username: u for u in db.session.scalars(select(User))}
    organisations = demo_organisations()
    for username, name, role, organisation_name, scope in DEMO_USERS:
        organisation = organisations.get(organisation_name or "")
        organisation_id = organisation.id if organisation else None
        user = known.get(username)
        if user is None:
            create_user(
                username,
                name,
                role,
                DEMO_PASSWORD,
                is_demo=True,
                organisation_id=organisation_id,
                area_codes=scope,
            )
        elif user.is_demo and not user.area_codes:  # accounts of an earlier demo: give scope
            user.organisation_id, user.area_codes = organisation_id, scope
    db.session.flush()
    return "demo users admin, logistik (BPBD Lebak, scope 36.02), ombudsman"
