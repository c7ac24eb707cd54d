"""The staff dashboard and the language switch."""

from flask import Blueprint, redirect, render_template, request, session, url_for

from relief.core.permissions import PUBLIC, STAFF, roles
from relief.events.queries import shown_event
from relief.logistics.queries import status_counts

bp = Blueprint("core", __name__)


@bp.route("/dashboard")
@roles(*STAFF)
def dashboard():
    """Where staff land after signing in: the current event at a glance."""
    event = shown_event()
    counts = status_counts(event.id) if event else {}
    return render_template("core/dashboard.html", event=event, counts=counts)


@bp.route("/lang/<string:code>")
@roles(PUBLIC)
def set_language(code: str):
    """Switch between Bahasa Indonesia and English, then go back."""
    if code in ("id", "en"):
        session["lang"] = code
    target = request.referrer or url_for("public.home")
    if not target.startswith(request.host_url):
        target = url_for("public.home")
    return redirect(target)
