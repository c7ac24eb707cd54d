"""Create users, check passwords, issue and resolve API tokens."""

import functools
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from werkzeug.security import check_password_hash, generate_password_hash

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
    return user


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user and user.active and check_password_hash(user.password_hash, password):
        return user
    return None


def issue_token(user: User, label: str = "") -> str:
    """Create a bearer token for a user; the plain token is returned only now."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=ApiToken.digest(token), label=label))
    db.session.flush()
    return token


@functools.cache
def _user_for_token_statement():
    """Built once, on first use: every API request runs it (building cost as much as running)."""
    return select(User).join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None),
        User.active.is_(True),
    )


def user_for_token(token: str) -> User | None:
    """The active user behind an unrevoked token (one indexed lookup, no password hash)."""
    return db.session.scalar(_user_for_token_statement(), {"token_hash": ApiToken.digest(token)})


def revoke_token(token_id: int) -> None:
    """Stop a token from working."""
    row = db.get_or_404(ApiToken, token_id)
    row.revoked_at = utcnow()
    db.session.flush()
