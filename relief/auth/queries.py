"""Reads of the auth domain."""

from flask import abort
from sqlalchemy import select

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
