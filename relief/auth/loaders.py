"""How Flask-Login finds the user: a session cookie or an `Authorization: Bearer` token."""

from flask import Request

from relief.auth.models import User
from relief.auth.services import user_for_token
from relief.extensions import db, login_manager


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user stored in the session cookie."""
    user = db.session.get(User, int(user_id))
    return user if user and user.active else None


@login_manager.request_loader
def load_user_from_token(request: Request) -> User | None:
    """The user behind a bearer token, for API clients."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return user_for_token(token.strip())
    return None
