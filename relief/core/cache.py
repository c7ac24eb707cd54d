"""Cached public pages, keyed on the village and data versions that writes renew.

A page is stored under its village, language, local date (needs grow by the day) and two
version tokens: one for the village and one for everything (norms, events, boundaries).
After a write commits, the write boundary (relief.unit_of_work) calls ``renew`` for the
villages it touched, which gives each a new random token. A reader that fetched the old
token just before builds its page under a key nobody asks for again, so no page outlives the
data it shows; one that reads the new token reads the committed data. Tokens are random
rather than counters so that two writers renewing the same village can never bring back an
old key.

Where: with REDIS_URL (several web workers), pages and tokens live in Redis, shared by every
worker. Without it (the embedded deployment: one web process and one job worker), pages stay
in the web process's memory and tokens in small files under the instance folder
(relief.core.token_files), so that a job worker's write renews the web process's pages too.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_caching import Cache
from flask_login import current_user

from relief.core.clock import local_date, utcnow
from relief.core.token_files import TokenFiles

log = logging.getLogger(__name__)

pages = Cache()
versions = Cache()  # the tokens in Redis; TokenFiles without it
_STORE = "relief_version_store"


def _versions() -> Cache | TokenFiles:
    return current_app.extensions[_STORE]


EVERYTHING = "*"  # the version token that every page's key also carries
_ON_REQUEST = "relief_everything_version"  # that token as this request read or made it
PAGE_TIMEOUT_S = 300  # bounds what no signal announces (a delivery logged a little ahead)


def init_app(app: Flask) -> None:
    """Choose the stores: Redis when REDIS_URL is set, else memory and files."""
    app.config.setdefault("PUBLIC_PAGE_CACHE", True)
    app.config.setdefault("MAP_DATA_CACHE", True)
    app.config.setdefault("REFERENCE_CACHE", True)
    database = app.config.get("SQLALCHEMY_DATABASE_URI", "")
    namespace = (
        app.config.get("CACHE_NAMESPACE") or hashlib.sha256(str(database).encode()).hexdigest()[:12]
    )
    timeout = app.config.get("PUBLIC_PAGE_CACHE_TIMEOUT", PAGE_TIMEOUT_S)
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        common = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"relief:{namespace}:",
        }
        pages.init_app(app, config={**common, "CACHE_DEFAULT_TIMEOUT": timeout})
        versions.init_app(app, config={**common, "CACHE_DEFAULT_TIMEOUT": 0})
        app.extensions[_STORE] = versions
        return
    folder = app.config.get("CACHE_VERSION_DIR") or (Path(app.instance_path) / "cache" / namespace)
    pages.init_app(
        app,
        config={
            "CACHE_TYPE": "SimpleCache",
            "CACHE_THRESHOLD": 2000,
            "CACHE_DEFAULT_TIMEOUT": timeout,
        },
    )
    app.extensions[_STORE] = TokenFiles(folder)


def _with_parents(codes: Iterable[str]) -> set[str]:
    """Village codes with their regency's and province's ("36.02.25.2004" -> "36.02", "36"):
    what is cached about a regency or province (the coverage map's data) carries its token."""
    keys = set()
    for code in codes:
        keys.add(code)
        parts = code.split(".")
        if len(parts) == 4:
            keys.update((parts[0], f"{parts[0]}.{parts[1]}"))
    return keys


def renew(codes: Iterable[str] | None) -> None:
    """Give villages (None: every page), and the regencies and provinces they lie in, new
    version tokens, after their changes committed."""
    keys = [EVERYTHING] if codes is None else sorted(_with_parents(codes))
    if not keys:
        return
    if has_request_context():
        setattr(request, _ON_REQUEST, None)  # anything later in this request reads it anew
    try:
        _versions().set_many({f"v:{code}": secrets.token_hex(8) for code in keys})
    except Exception:  # noqa: BLE001 - the write has committed; pages expire on their own
        log.exception("could not renew page versions for %s", sorted(codes))


def _tokens(code: str) -> list[str | None]:
    tokens = _versions().get_many(f"v:{EVERYTHING}", f"v:{code}")
    if has_request_context():
        setattr(request, _ON_REQUEST, tokens[0])
    return tokens


def _everything_token() -> str | None:
    """The every-page token, read once per request (a cached page's lookup has read it)."""
    token = getattr(request, _ON_REQUEST, None) if has_request_context() else None
    if token is None:
        token = _versions().get(f"v:{EVERYTHING}")
        if has_request_context():
            setattr(request, _ON_REQUEST, token)
    return token


def _first_tokens(code: str, found: list[str | None]) -> list[str] | None:
    """Create the tokens that were missing; None if another process got there first.

    Tokens are created only after the page rendered (so only for villages that exist) and
    only where none exists (Redis SETNX, O_EXCL for files): a writer that renewed the token
    meanwhile wins, and the page, rendered before its write, is then not stored.
    """
    tokens = []
    for key, value in zip((f"v:{EVERYTHING}", f"v:{code}"), found, strict=True):
        if value is None and key == f"v:{EVERYTHING}" and has_request_context():
            value = getattr(request, _ON_REQUEST, None)  # made by this request's
            # reference_value: the page's reads came after it
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


def _cached(prefix: str, scope: str, build: Callable, storable: Callable = bool):
    """What is stored under `prefix` and the tokens of `scope`, or built and (if `storable`
    says so) stored; built every time when the stores fail."""
    try:
        tokens = _tokens(scope)
        if None not in tokens:
            hit = pages.get(f"{prefix}:{tokens[0]}:{tokens[1]}")
            if hit is not None:
                return hit
    except Exception:  # noqa: BLE001 - without the stores, serve uncached
        log.exception("cache unavailable")
        return build()
    value = build()  # a 404 raises here: nothing stored for a code that names nothing
    if not storable(value):
        return value
    try:
        if None in tokens:
            tokens = _first_tokens(scope, tokens)
        if tokens is not None:
            pages.set(f"{prefix}:{tokens[0]}:{tokens[1]}", value)
    except Exception:  # noqa: BLE001
        log.exception("cache unavailable")
    return value


def cached_value(kind: str, scope: str, parts: tuple, build: Callable[[], object]) -> object:
    """A value derived from the data of one area (`scope`: a village, regency or province
    code), from the cache or built and stored, under the same tokens as the pages: any write
    about a village in `scope` (or a reference change) makes it unreachable. `parts` name
    what else the value depends on (event, date, language). Off with MAP_DATA_CACHE=False."""
    if not current_app.config.get("MAP_DATA_CACHE"):
        return build()
    return _cached(":".join(("value", kind, scope, *map(str, parts))), scope, build)


def reference_value(kind: str, build: Callable[[], object]) -> object:
    """A value read from reference data only (events, norms: what a reference write renews
    with ``renew(None)``), kept in this process's memory under the every-page token: the
    first request after such a write builds it again, in every process. For what each page
    reads and no village owns (the events the public picker offers). The value is shared by
    requests and threads: plain, immutable facts, never ORM objects. Built every time with
    REFERENCE_CACHE off or when the version store fails."""
    if not current_app.config.get("REFERENCE_CACHE"):
        return build()
    memo = current_app.extensions.setdefault("relief_reference_values", {})
    try:
        token = _everything_token()
    except Exception:  # noqa: BLE001 - without the store, build uncached
        log.exception("cache unavailable")
        return build()
    kept = memo.get(kind)
    if token is not None and kept is not None and kept[0] == token:
        return kept[1]
    value = build()  # read after the token: a write committed meanwhile renews it again
    try:
        if token is None:  # no page has been cached yet: create the token, unless another
            token = secrets.token_hex(8)  # process got there first (then keep nothing)
            if not _versions().add(f"v:{EVERYTHING}", token):
                return value
            if has_request_context():
                setattr(request, _ON_REQUEST, token)
        memo[kind] = (token, value)
    except Exception:  # noqa: BLE001
        log.exception("cache unavailable")
    return value


def cached_page(kind: str, code: str, render: Callable[[], str]) -> str:
    """A public page about one village from the cache, or rendered and stored."""
    if not _cacheable():
        return render()
    prefix = f"page:{kind}:{code}:{get_locale()}:{local_date(utcnow())}"
    nonce = _nonce()
    # A page that carries this request's CSP nonce is never handed to another request.
    return _cached(prefix, code, render, lambda html: not (nonce and nonce in html))


def _nonce() -> str | None:
    return getattr(request, "csp_nonce", None)
