"""One-time form tokens: a repeated post of one rendered form returns the first result.

Each page form carries a random `form_token` (the Jinja global `one_time_token()`); the
`@once` view decorator reserves it, per user, in the same table as API Idempotency-Keys, in
the request's transaction. A successful post answers with a redirect (post/redirect/get, so
Back never resubmits) and the redirect is kept: the same token posted again (a double
click, a resubmitted page) is sent to the same place and nothing is written twice. A
refused post releases its token, so the corrected form can be sent again.
"""

import functools
import secrets
from collections.abc import Callable

from flask import make_response, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from relief.core.errors import ConflictError
from relief.core.idempotency import find_key, release_key, reserve_key, store_answer

FIELD = "form_token"
PREFIX = "form:"


def one_time_token() -> Markup:
    """A hidden input with a fresh token, for every page form that writes."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (FIELD, secrets.token_urlsafe(18))


def _scope() -> str:
    return str(current_user.id) if current_user.is_authenticated else "public"


def once(view: Callable) -> Callable:
    """Decorate a page view that writes on POST (below `@writes`)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = (request.form.get(FIELD) or "").strip()[:64] if request.method == "POST" else ""
        if not token:
            return view(*args, **kwargs)
        key, scope = PREFIX + token, _scope()
        fingerprint = f"{request.method} {request.path}"
        existing = find_key(scope, key)
        if existing is None:
            record_id = reserve_key(scope, key, fingerprint)
            if record_id is None:
                existing = find_key(scope, key)
        if existing is not None:
            if not existing.status_code:
                raise ConflictError(_("Formulir ini sedang diproses; tunggu sebentar."))
            return redirect(existing.body, code=303)
        response = make_response(view(*args, **kwargs))
        if 300 <= response.status_code < 400 and response.location:
            store_answer(record_id, response.status_code, response.location)
        else:
            release_key(record_id)
        return response

    return wrapper
