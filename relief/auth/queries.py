"""Reads of the auth domain."""

from flask import abort
from sqlalchemy import Select, String, cast, func, or_, select

from relief.auth.models import ApiToken, User
from relief.extensions import db


def all_users() -> list[User]:
    """Every account, by role then username."""
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))


def demo_accounts() -> list[User]:
    """Accounts created by the demo loader (shown on the login page in demo mode)."""
    return list(db.session.scalars(select(User).where(User.is_demo).order_by(User.id)))


def tokens_of(user: User) -> list[ApiToken]:
    """A user's tokens, newest first."""
    stmt = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(stmt))


def token_of(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens, or 404."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404)
    return token


def user_search(filters: dict | None = None) -> Select:
    """Accounts by role, organisation, active, scope code and name, by role then username."""
    filters = filters or {}
    stmt = select(User).order_by(User.role, User.username)
    if filters.get("role"):
        stmt = stmt.where(User.role == filters["role"])
    if filters.get("organisation_id"):
        stmt = stmt.where(User.organisation_id == filters["organisation_id"])
    if filters.get("active") is not None:
        stmt = stmt.where(User.active.is_(filters["active"]))
    if filters.get("area"):
        stmt = stmt.where(cast(User.area_codes, String).contains(f'"{filters["area"]}"'))
    if filters.get("q"):
        needle = filters["q"].strip().lower()
        stmt = stmt.where(
            or_(
                func.lower(User.username).contains(needle, autoescape=True),
                func.lower(User.name).contains(needle, autoescape=True),
            )
        )
    return stmt
