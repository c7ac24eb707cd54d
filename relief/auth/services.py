"""Create users, check passwords, issue and resolve API tokens."""

import functools
import re
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.auth.models import ApiToken, User
from relief.core.errors import DomainError
from relief.core.models import utcnow
from relief.core.permissions import ROLES
from relief.extensions import db

PASSWORD_MIN_LENGTH = 10


def password_problems(password: str) -> list[str]:
    """Why a password is too weak (empty list when it is acceptable)."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(_("Kata sandi minimal %(n)d karakter.", n=PASSWORD_MIN_LENGTH))
    if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        problems.append(_("Kata sandi harus memuat huruf dan angka."))
    return problems


def create_user(
    username: str,
    name: str,
    role: str,
    password: str,
    regency_code: str | None = None,
    email: str | None = None,
    is_demo: bool = False,
    organisation_id: int | None = None,
    area_codes: list[str] | None = None,
) -> User:
    """Add a staff account after checking role, uniqueness and password strength."""
    fields = {}
    if role not in ROLES:
        fields["role"] = [_("Peran tidak dikenal.")]
    if db.session.scalar(select(User.id).where(User.username == username)):
        fields["username"] = [_("Nama pengguna sudah dipakai.")]
    if problems := password_problems(password):
        fields["password"] = problems
    if fields:
        raise DomainError(_("Pengguna tidak dapat dibuat."), fields)
    user = User(
        username=username,
        name=name,
        role=role,
        regency_code=regency_code,
        organisation_id=organisation_id,
        area_codes=list(area_codes or ([regency_code] if regency_code else [])),
        email=email,
        password_hash=generate_password_hash(password),
        is_demo=is_demo,
    )
    db.session.add(user)
    db.session.flush()
    record(
        "user.create",
        "user",
        user.id,
        {"username": username, "role": role, "regency_code": regency_code, ROWS: state_of(user)},
    )
    return user


@functools.cache
def _absent_user_hash() -> str:
    """A hash checked when the username is unknown, so that both cases cost the same."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None (in the same time either way)."""
    user = db.session.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user else _absent_user_hash()
    matches = check_password_hash(stored, password)
    if user and user.active and matches:
        return user
    return None


def issue_token(user: User, label: str = "") -> str:
    """Create a bearer token for a user, expiring after API_TOKEN_DAYS; shown only now."""
    token = secrets.token_urlsafe(32)
    days = current_app.config["API_TOKEN_DAYS"]
    db.session.add(
        ApiToken(
            user=user,
            token_hash=ApiToken.digest(token),
            label=label,
            expires_at=utcnow() + timedelta(days=days),
            session_version=user.session_version,
        )
    )
    db.session.flush()
    return token


@functools.cache
def _user_for_token_statement():
    """Built once, on first use: every API request runs it (building cost as much as running)."""
    return (
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == bindparam("token_hash"),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > bindparam("now"),
            ApiToken.session_version == User.session_version,
            User.active.is_(True),
        )
    )


def user_for_token(token: str) -> User | None:
    """The active user behind an unrevoked, unexpired token of the account's current session
    version (one indexed lookup, no password hash)."""
    return db.session.scalar(
        _user_for_token_statement(), {"token_hash": ApiToken.digest(token), "now": utcnow()}
    )


def revoke_token(token_id: int) -> None:
    """Stop a token from working."""
    row = db.get_or_404(ApiToken, token_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    db.session.flush()


def end_sessions(user: User) -> None:
    """End every session and token of a user at once (logout, or an admin's decision)."""
    db.session.execute(
        update(User).where(User.id == user.id).values(session_version=User.session_version + 1)
    )
    db.session.flush()
    db.session.refresh(user)
