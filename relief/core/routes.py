"""The language switch."""

from flask import Blueprint, redirect, request, session, url_for

from relief.core.permissions import PUBLIC, roles

bp = Blueprint("core", __name__)


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
