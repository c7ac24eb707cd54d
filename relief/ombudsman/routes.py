"""The Ombudsman's desk page."""

from flask import Blueprint, render_template

from relief.core.models import utcnow
from relief.core.permissions import ADMIN, OMBUDSMAN, roles
from relief.events.queries import current_event
from relief.ombudsman.queries import desk

bp = Blueprint("ombudsman", __name__)


@bp.route("/ombudsman")
@roles(OMBUDSMAN, ADMIN)
def desk_page():
    """New complaints, overdue alerts, the worst villages and regencies by band, as links."""
    event = current_event()
    now = utcnow()
    return render_template("ombudsman/desk.html", event=event, desk=desk(event, now), now=now)
