"""Checks a production server makes before it accepts requests."""

from flask import Flask
from sqlalchemy import inspect, select

from relief.auth.models import User
from relief.extensions import db


def refuse_demo_users(app: Flask) -> None:
    """A production start refuses a database that still holds the demo accounts."""
    if app.config.get("DEMO_MODE") or app.config.get("TESTING"):
        return
    with app.app_context():
        if not inspect(db.engine).has_table("user_account"):
            return  # empty database: `flask db upgrade` has not run yet
        if db.session.scalar(select(User.id).where(User.is_demo).limit(1)):
            raise RuntimeError(
                "The database holds demo accounts (password published in the README). "
                "Remove them before serving in production."
            )
        db.session.remove()
