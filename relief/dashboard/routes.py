"""The staff dashboard: the event shown (the picker's) at a glance."""

from flask import Blueprint, render_template

from relief.core.permissions import STAFF, roles
from relief.events.queries import shown_event
from relief.logistics.queries import status_counts

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@roles(*STAFF)
def dashboard():
    """Where staff land after signing in: the event shown (the picker's) at a glance."""
    event = shown_event()
    counts = status_counts(event.id) if event else {}
    return render_template("dashboard/dashboard.html", event=event, counts=counts)
