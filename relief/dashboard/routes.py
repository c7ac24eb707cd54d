"""The staff dashboard: the current event at a glance."""

from flask import Blueprint, render_template

from relief.core.permissions import STAFF, roles
from relief.events.queries import current_event
from relief.logistics.queries import status_counts

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@roles(*STAFF)
def dashboard():
    """Where staff land after signing in: the current event at a glance."""
    event = current_event()
    counts = status_counts(event.id) if event else {}
    return render_template("dashboard/dashboard.html", event=event, counts=counts)
