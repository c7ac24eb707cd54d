"""How Flask-Login finds the user: a session cookie or an `Authorization: Bearer` token."""

from flask import Request

from relief.auth.models import User
from relief.auth.services import user_for_token
from relief.extensions import db, login_manager


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user stored in the session cookie, while the account is active and the session's
    version is the account's (logout and "end all sessions" raise it)."""
    ident, _, version = str(user_id).partition(":")
    if not ident.isdigit() or not version.isdigit() or len(ident) > 10:
        return None  # sessions from before session versions, or forged
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@login_manager.request_loader
def load_user_from_token(request: Request) -> User | None:
    """The user behind a bearer token, for API clients."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return user_for_token(token.strip())
    return None
