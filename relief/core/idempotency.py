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

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from relief.core.errors import ConflictError, DomainError
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


def _find(scope: str, key: str):
    from relief.logistics.models import IdempotencyRecord

    return db.session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
        )
    )


def _replay(record, fingerprint: str) -> Response:
    if record.request_hash != fingerprint:
        raise DomainError(
            _("Idempotency-Key ini sudah dipakai untuk permintaan lain."),
            {HEADER: [_("Kunci dipakai ulang dengan isi berbeda.")]},
        )
    if not record.status_code:  # reserved by a request that is still running
        raise ConflictError(_("Permintaan dengan kunci ini masih diproses; coba lagi."))
    response = Response(record.body, status=record.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(view: Callable) -> Callable:
    """Decorate a POST API view (place it above the flask-smorest decorators)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        from relief.logistics.models import IdempotencyRecord

        key = request.headers.get(HEADER, "").strip()
        if not key:
            return view(*args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise DomainError(_("Data tidak valid."), {HEADER: [_("Kunci terlalu panjang.")]})
        scope = str(current_user.id) if current_user.is_authenticated else "public"
        fingerprint = request_fingerprint(request.method, request.path, request.get_data())
        existing = _find(scope, key)
        if existing is not None:
            return _replay(existing, fingerprint)
        record = IdempotencyRecord(scope=scope, key=key, request_hash=fingerprint,
                                   status_code=0, body="")
        db.session.add(record)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()  # a concurrent twin committed first: answer as it did
            existing = _find(scope, key)
            if existing is None:
                raise ConflictError(_("Permintaan ganda; coba lagi.")) from None
            return _replay(existing, fingerprint)
        response = view(*args, **kwargs)
        if response.status_code < 400:
            record.status_code = response.status_code
            record.body = response.get_data(as_text=True)
            db.session.flush()
        return response

    return wrapper
