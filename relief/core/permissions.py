"""Every page and endpoint declares who may use it; anything undeclared is refused."""

from collections.abc import Callable

from flask import Flask, current_app, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from relief.core.errors import error_response

PUBLIC = "public"
LOGISTICS = "logistics"
OMBUDSMAN = "ombudsman"
ADMIN = "admin"
ROLES = (LOGISTICS, OMBUDSMAN, ADMIN)
# How people read a role (alert and complaint histories also name the system and the public).
ROLE_LABELS = {
    LOGISTICS: _l("petugas logistik"),
    OMBUDSMAN: _l("asisten Ombudsman"),
    ADMIN: _l("admin"),
    "system": _l("sistem"),
    "public": _l("warga"),
}


def role_label(role: str) -> str:
    """A role in words, in the reader's language."""
    return str(ROLE_LABELS.get(role, role))


def actor_label(name: str | None, role: str | None) -> str:
    """Who did something, as people read it: "Siti Rahma (asisten Ombudsman)".

    The system and the public have no account: they are named by what they are, never by
    a login name or a role code ("sistem (system)", "public").
    """
    if role == "system":
        return _("Sistem (pemeriksaan otomatis)")
    if role == "public":
        return _("Warga (pelapor)")
    if role == "demo":
        return _("Data demo")
    if role == "village":
        return _("Desa (dengan PIN desa)")
    label = role_label(role) if role else ""
    if not name:
        return label
    return f"{name} ({label})" if label else name


def recorded_by(user, label: str | None) -> str:
    """Who recorded a step: the account's name and role, else the stored label in words."""
    if user is not None:
        return actor_label(user.name, user.role)
    if label in ("system", "public", "demo", "village"):
        return actor_label(None, label)
    return label or "—"


STAFF = ROLES  # every signed-in role may read staff pages
WRITERS = (LOGISTICS,)  # shipments, receipts, assessments

# Endpoints owned by Flask or extensions that are public by nature.
BUILTIN_PUBLIC = frozenset({"static", "api-docs.openapi_json", "api-docs.openapi_swagger_ui"})


def roles(*allowed: str) -> Callable:
    """Declare the roles that may call a view (use `PUBLIC` for no login)."""

    def decorate(view: Callable) -> Callable:
        view.allowed_roles = frozenset(allowed)
        return view

    return decorate


def allowed_roles_for(endpoint: str, method: str) -> frozenset | None:
    """The declared roles of an endpoint for one HTTP method, or None if undeclared."""
    if endpoint in BUILTIN_PUBLIC:
        return frozenset({PUBLIC})
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return None
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        handler = getattr(view_class, method.lower(), None)
        if handler is None and method == "HEAD":
            handler = getattr(view_class, "get", None)
        return getattr(handler, "allowed_roles", None) if handler else frozenset({PUBLIC})
    return getattr(view, "allowed_roles", None)


def is_allowed(allowed: frozenset, user) -> bool:
    """Public views admit anybody; others need a signed-in user with a listed role."""
    if PUBLIC in allowed:
        return True
    return bool(user and user.is_authenticated and user.role in allowed)


def check_request_roles():
    """before_request: 401 for anonymous users, 403 for the wrong role, 403 if undeclared."""
    if request.endpoint is None or request.method == "OPTIONS":
        return None
    allowed = allowed_roles_for(request.endpoint, request.method)
    if allowed is None:
        current_app.logger.error("endpoint %s declares no roles", request.endpoint)
        return error_response(403, "forbidden", _("Endpoint tanpa aturan akses."))
    if is_allowed(allowed, current_user):
        return None
    if not current_user.is_authenticated:
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            return error_response(401, "unauthorized", _("Silakan masuk terlebih dahulu."))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return error_response(403, "forbidden", _("Anda tidak berhak melakukan ini."))


def init_app(app: Flask) -> None:
    """Install the check before every request."""
    app.before_request(check_request_roles)
