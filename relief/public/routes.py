"""Public pages: village search (home)."""

from flask import Blueprint, render_template, request

from relief.areas.queries import area_search
from relief.core.permissions import PUBLIC, roles
from relief.extensions import db

bp = Blueprint("public", __name__)


@bp.route("/")
@roles(PUBLIC)
def home():
    """Find your village by name or code."""
    q = (request.args.get("q") or "").strip()[:100]
    results = []
    if q:
        results = list(db.session.scalars(area_search(q, level="village").limit(50)))
    return render_template("public/home.html", q=q, results=results)
