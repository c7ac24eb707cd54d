"""Cached public pages, keyed on the village and a data version that writes renew.

A page is stored under its village, language, local date (needs grow by the day) and two
version tokens: one for the village and one for everything (norms, events, boundaries).
Writers announce changes through relief.core.signals; the receivers here note the villages
in the writer's session, and once that transaction has committed each noted village gets a
new random token. A reader that fetched the old token just before builds its page under a
key nobody asks for again, so no page outlives the data it shows; one that reads the new
token reads the committed data. Tokens are random rather than counters so that two writers
renewing the same village can never bring back an old key.

Where: with REDIS_URL, pages and tokens live in Redis (Flask-Caching), shared by every
worker. Without it, pages stay in each process's memory (Flask-Caching's SimpleCache) and
tokens in small files under the instance folder (TokenFiles), so that a write in one gunicorn
worker is seen by the others at the next request.
"""

import hashlib
import logging
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, current_app, session
from flask_caching import Cache
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from relief.core import signals
from relief.extensions import db

log = logging.getLogger(__name__)

pages = Cache()
redis_versions = Cache()
STORE = "relief_page_versions"  # app.extensions key: the version token store in use


class TokenFiles:
    """Version tokens as one small file each, shared by the workers of one machine.

    Cheaper than a general file cache on the write path (a renewal is open, write, close:
    no temporary file, rename or pickle) and exact where it matters: a token is created with
    O_EXCL, so of two processes creating one only one succeeds. A reader that races a
    renewal reads the old token, the new one or a mix of both; a mix is a key nobody stored a
    page under, so it costs one rendering and never shows an old page.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> str:
        return str(self.folder / hashlib.sha256(key.encode()).hexdigest()[:32])

    def get_many(self, *keys: str) -> list[str | None]:
        found = []
        for key in keys:
            try:
                with open(self._path(key), "rb") as f:
                    found.append(f.read().decode("ascii", "replace") or None)
            except FileNotFoundError:
                found.append(None)
        return found

    def set_many(self, mapping: dict[str, str]) -> None:
        for key, value in mapping.items():  # tokens have one length: overwrite in place
            fd = os.open(self._path(key), os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.pwrite(fd, value.encode("ascii"), 0)
            finally:
                os.close(fd)

    def add(self, key: str, value: str) -> bool:
        try:
            fd = os.open(self._path(key), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        try:
            os.write(fd, value.encode("ascii"))
        finally:
            os.close(fd)
        return True


def _versions():
    return current_app.extensions[STORE]

EVERYTHING = "*"  # the version token that every page's key also carries
TOUCHED = "cache_touched"  # Session.info key: villages changed by the open transaction
PAGE_TIMEOUT_S = 300  # bounds what no signal announces (a delivery logged a little ahead)


def init_app(app: Flask) -> None:
    """Choose the stores (Redis or memory and files) and listen to the domain signals."""
    app.config.setdefault("PUBLIC_PAGE_CACHE", True)
    database = app.config.get("SQLALCHEMY_DATABASE_URI", "")
    namespace = app.config.get("CACHE_NAMESPACE") or hashlib.sha256(
        str(database).encode()).hexdigest()[:12]
    timeout = app.config.get("PUBLIC_PAGE_CACHE_TIMEOUT", PAGE_TIMEOUT_S)
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        common = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                  "CACHE_KEY_PREFIX": f"relief:{namespace}:"}
        pages.init_app(app, config={**common, "CACHE_DEFAULT_TIMEOUT": timeout})
        redis_versions.init_app(app, config={**common, "CACHE_DEFAULT_TIMEOUT": 0})
        app.extensions[STORE] = redis_versions
    else:
        folder = app.config.get("CACHE_VERSION_DIR") or (
            Path(app.instance_path) / "cache" / namespace)
        pages.init_app(app, config={"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000,
                                    "CACHE_DEFAULT_TIMEOUT": timeout})
        app.extensions[STORE] = TokenFiles(folder)
    for signal in (signals.shipments_changed, signals.assessments_changed,
                   signals.reports_changed, signals.alerts_changed):
        signal.connect(_on_villages_changed)
    signals.reference_changed.connect(_on_everything_changed)
    signals.geometry_changed.connect(_on_everything_changed)


def touch(codes: Iterable[str] | None) -> None:
    """Note villages (None: every page) whose pages the open transaction makes outdated."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback forgets what was noted
    noted = session.info.setdefault(TOUCHED, set())
    noted.update([EVERYTHING] if codes is None else codes)


def _on_villages_changed(sender, village_codes=None, **extra) -> None:
    codes = [c for c in village_codes or () if c]
    touch(codes if codes else None)


def _on_everything_changed(sender, **extra) -> None:
    touch(None)


@event.listens_for(Session, "after_commit")
def _renew_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a released savepoint: wait for the outer commit
    codes = session.info.pop(TOUCHED, None)
    if codes:
        renew(codes)


@event.listens_for(Session, "after_transaction_end")
def _forget_on_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(TOUCHED, None)  # rolled back or closed: nothing changed


def renew(codes: Iterable[str]) -> None:
    """Give villages new version tokens (after their changes have committed)."""
    try:
        _versions().set_many({f"v:{code}": secrets.token_hex(8) for code in codes})
    except Exception:  # noqa: BLE001 - the write has committed; pages expire on their own
        log.exception("could not renew page versions for %s", sorted(codes))


def _tokens(code: str) -> list[str | None]:
    return _versions().get_many(f"v:{EVERYTHING}", f"v:{code}")


def _first_tokens(code: str, found: list[str | None]) -> list[str] | None:
    """Create the tokens that were missing; None if another process got there first.

    Tokens are created only after the page rendered (so only for villages that exist) and
    only where none exists (Redis SETNX, O_EXCL for files): a writer that renewed the token
    meanwhile wins, and the page, rendered before its write, is then not stored.
    """
    tokens = []
    for key, value in zip((f"v:{EVERYTHING}", f"v:{code}"), found, strict=True):
        if value is None:
            value = secrets.token_hex(8)
            if not _versions().add(key, value):
                return None
        tokens.append(value)
    return tokens


def _cacheable() -> bool:
    """Only anonymous visitors without flashed messages see the same page as everybody."""
    if not current_app.config.get("PUBLIC_PAGE_CACHE"):
        return False
    return not current_user.is_authenticated and not session.get("_flashes")


def cached_page(kind: str, code: str, render: Callable[[], str]) -> str:
    """A public page about one village from the cache, or rendered and stored."""
    if not _cacheable():
        return render()
    from flask_babel import get_locale

    from relief.core.models import utcnow
    from relief.coverage.math import local_date

    prefix = f"page:{kind}:{code}:{get_locale()}:{local_date(utcnow())}"
    try:
        tokens = _tokens(code)
        if None not in tokens:
            html = pages.get(f"{prefix}:{tokens[0]}:{tokens[1]}")
            if html is not None:
                return html
    except Exception:  # noqa: BLE001 - without the stores, serve uncached
        log.exception("page cache unavailable")
        return render()
    html = render()  # 404 for a code that is no village: nothing stored for it
    nonce = _nonce()
    if nonce and nonce in html:
        return html  # carries this request's CSP nonce: never hand it to another request
    try:
        if None in tokens:
            tokens = _first_tokens(code, tokens)
        if tokens is not None:
            pages.set(f"{prefix}:{tokens[0]}:{tokens[1]}", html)
    except Exception:  # noqa: BLE001
        log.exception("page cache unavailable")
    return html


def _nonce() -> str | None:
    from flask import request

    return getattr(request, "csp_nonce", None)
