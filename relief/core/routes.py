"""The language switch and the site icon."""

from flask import Blueprint, current_app, redirect, request, send_from_directory, session, url_for

from relief.core.permissions import PUBLIC, roles

bp = Blueprint("core", __name__)


@bp.route("/favicon.ico")
@roles(PUBLIC)
def favicon():
    """The site icon at the address browsers ask for on every page, inside the layout or not."""
    return send_from_directory(
        current_app.static_folder,
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=7 * 24 * 3600,
    )


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
