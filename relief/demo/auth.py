"""Demo step: the three demo accounts (demo mode only)."""

from flask import current_app
from sqlalchemy import select

from relief.auth.models import User
from relief.auth.services import create_user
from relief.extensions import db

DEMO_PASSWORD = "bantuan2020"  # noqa: S105 - documented demo credential, demo mode only
DEMO_USERS = [
    ("admin", "Admin Pantau Bantuan", "admin", None),
    ("logistik", "Petugas Logistik BPBD Lebak", "logistics", None),
    ("ombudsman", "Asisten Ombudsman RI Banten", "ombudsman", None),
]


def load(rng) -> str:
    """Create the demo accounts unless they exist; refused outside demo mode."""
    if not current_app.config["DEMO_MODE"]:
        return "demo users skipped (not in demo mode)"
    known = set(db.session.scalars(select(User.username)))
    for username, name, role, regency in DEMO_USERS:
        if username not in known:
            create_user(username, name, role, DEMO_PASSWORD, regency_code=regency, is_demo=True)
    return "demo users admin, logistik, ombudsman"
