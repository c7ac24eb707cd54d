"""Checked uploads waiting between preview and commit, committed at most once.

A preview keeps what it checked in `instance/imports/<token>.json` (random token, bound to
the uploader and to the kind of import, removed after a day or after its commit). The commit
first inserts the token into `consumed_upload`, whose unique index lets one commit through:
a double click or a replay waits for the first commit and is then refused, so one preview
creates one set of rows.
"""

import json
import re
import secrets
import time
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.errors import ConflictError
from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_AGE_S = 24 * 3600


class ConsumedUpload(db.Model):
    """A previewed upload that has been committed (its token can never commit again)."""

    __tablename__ = "consumed_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int] = mapped_column()
    consumed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _folder() -> Path:
    folder = Path(
        current_app.config.get("IMPORT_FOLDER") or Path(current_app.instance_path) / "imports"
    )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def save_pending(kind: str, user_id: int, payload: dict) -> str:
    """Keep a checked upload for its commit; returns the token naming it."""
    folder = _folder()
    for old in folder.glob("*.json"):
        if time.time() - old.stat().st_mtime > MAX_AGE_S:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}.json"
    path.write_text(json.dumps({"kind": kind, "user_id": user_id, **payload}), encoding="utf-8")
    path.chmod(0o600)
    return token


def load_pending(kind: str, token: str, user_id: int) -> dict | None:
    """The upload a token names, if it is of this kind, this user's, and not committed yet."""
    if not token or not TOKEN.match(token):
        return None
    path = _folder() / f"{token}.json"
    if not path.is_file():
        return None
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload.get("kind", kind) != kind or payload.get("user_id") != user_id:
        return None
    return payload


def consume_pending(kind: str, token: str, user_id: int) -> None:
    """Claim a token for this commit (first statement of the commit); refuses a second claim.

    Concurrent claims queue on the unique index: the later one fails once the first commits.
    """
    already = _("Unggahan ini sudah diimpor; tidak ada yang disimpan dua kali.")
    if db.session.scalar(select(ConsumedUpload.id).where(ConsumedUpload.token == token)):
        raise ConflictError(already)
    try:
        with db.session.begin_nested():
            db.session.add(ConsumedUpload(token=token, kind=kind, user_id=user_id))
    except IntegrityError as err:
        raise ConflictError(already) from err


def discard_pending(token: str) -> None:
    """Remove a committed upload's file (the consumed row keeps the token from returning)."""
    (_folder() / f"{token}.json").unlink(missing_ok=True)
