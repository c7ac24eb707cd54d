"""`Idempotency-Key` for POST API views: a repeat returns the first answer, creates nothing.

The key is scoped to the signed-in user. The first request reserves the key by inserting
its record before the view runs, inside the request's transaction: a concurrent duplicate
blocks on the unique (scope, key) index until the first commits, then replays its answer.
Only successful answers are kept (failed requests roll back, record included).
"""

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import datetime

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Integer, String, Text, UniqueConstraint, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.errors import ConflictError, DomainError
from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 128


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    """SHA-256 of the request; JSON bodies are canonicalised so key order does not matter."""
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":"))
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


class IdempotencyRecord(db.Model):
    """The first answer to a POST with an `Idempotency-Key`, replayed on repeats."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))  # user id, or "public"
    key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _record_table():
    return IdempotencyRecord


@functools.cache
def _statements() -> dict:
    """Built once (every keyed POST runs them): find, reserve per dialect, answer."""
    model = _record_table()
    table = model.__table__
    values = {
        "scope": bindparam("scope"),
        "key": bindparam("key"),
        "request_hash": bindparam("request_hash"),
        "status_code": 0,
        "body": "",
    }
    reserve = {
        name: (
            insert(table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["scope", "key"])
            .returning(table.c.id)
        )
        for name, insert in (("postgresql", postgresql_insert), ("sqlite", sqlite_insert))
    }
    return {
        "find": select(model).where(
            model.scope == bindparam("scope"), model.key == bindparam("key")
        ),
        "reserve": reserve,
        "answer": (
            update(table)
            .where(table.c.id == bindparam("record_id"))
            .values(status_code=bindparam("status"), body=bindparam("answer"))
        ),
    }


def _find(scope: str, key: str):
    return db.session.scalar(_statements()["find"], {"scope": scope, "key": key})


def _replay(record, fingerprint: str) -> Response:
    if record.request_hash != fingerprint:
        raise DomainError(
            _("Idempotency-Key ini sudah dipakai untuk permintaan lain."),
            {HEADER: [_("Kunci dipakai ulang dengan isi berbeda.")]},
        )
    if not record.status_code:  # reserved by a request that is still running
        # `fields` tells a retrying client (the field app's outbox) to try again, not give up.
        raise ConflictError(
            _("Permintaan dengan kunci ini masih diproses; coba lagi."),
            {HEADER: [_("Masih diproses.")]},
        )
    response = Response(record.body, status=record.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _reserve(scope: str, key: str, fingerprint: str) -> int | None:
    """Insert the key's record unless it exists; its id, or None when it already did.

    One statement (INSERT ... ON CONFLICT DO NOTHING RETURNING id). A concurrent twin that
    has inserted the same key but not committed yet makes this wait until it ends.
    """
    dialect = db.session.get_bind().dialect.name
    stmt = _statements()["reserve"]["postgresql" if dialect == "postgresql" else "sqlite"]
    return db.session.execute(
        stmt, {"scope": scope, "key": key, "request_hash": fingerprint}
    ).scalar()


def idempotent(view: Callable) -> Callable:
    """Decorate a POST API view (place it above the flask-smorest decorators)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return view(*args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise DomainError(_("Data tidak valid."), {HEADER: [_("Kunci terlalu panjang.")]})
        scope = str(current_user.id) if current_user.is_authenticated else "public"
        fingerprint = request_fingerprint(request.method, request.path, request.get_data())
        # Reserve first: a new key (most keyed requests) costs one statement. A used key
        # inserts nothing and locks no row (ON CONFLICT DO NOTHING); it is then read and
        # answered as before. A twin still running makes the insert wait for its end.
        record_id = _reserve(scope, key, fingerprint)
        if record_id is None:  # the key was used (or a concurrent twin committed it first)
            existing = _find(scope, key)
            if existing is None:
                raise ConflictError(_("Permintaan ganda; coba lagi.")) from None
            return _replay(existing, fingerprint)
        response = view(*args, **kwargs)
        if response.status_code < 400:
            db.session.execute(
                _statements()["answer"],
                {
                    "record_id": record_id,
                    "status": response.status_code,
                    "answer": response.get_data(as_text=True),
                },
            )
        return response

    return wrapper


def find_key(scope: str, key: str):
    """The stored record of a key in a scope, or None (for page forms' one-time tokens)."""
    return _find(scope, key)


def reserve_key(scope: str, key: str, fingerprint: str) -> int | None:
    """Reserve a key; its record id, or None when it already existed."""
    return _reserve(scope, key, fingerprint)


def store_answer(record_id: int, status: int, body: str) -> None:
    """Keep the first answer of a reserved key."""
    db.session.execute(
        _statements()["answer"], {"record_id": record_id, "status": status, "answer": body}
    )


def release_key(record_id: int) -> None:
    """Forget a reservation whose request was refused (the corrected form may be resent)."""
    table = _record_table().__table__
    db.session.execute(table.delete().where(table.c.id == record_id))
