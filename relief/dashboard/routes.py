"""The staff dashboard: the event shown (the picker's) at a glance."""

from flask import Blueprint, render_template
from flask_login import current_user

from relief.auth.scope import scope_filter
from relief.core.permissions import LOGISTICS, OMBUDSMAN, STAFF, roles
from relief.events.queries import shown_event
from relief.logistics.queries import missing_bast, status_counts
from relief.ombudsman.queries import new_reports

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@roles(*STAFF)
def dashboard():
    """Where staff land after signing in: the event shown (the picker's) at a glance."""
    event = shown_event()
    counts = status_counts(event.id) if event else {}
    # Logistics sees its own scope's deliveries still missing a BAST (the list filter's).
    scope = scope_filter(current_user) if current_user.role == LOGISTICS else None
    missing_total, missing = missing_bast(event.id, scope) if event else (0, [])
    new_report_count = new_reports(limit=0)[1] if current_user.role in (OMBUDSMAN, "admin") else 0
    return render_template(
        "dashboard/dashboard.html",
        event=event,
        counts=counts,
        missing_total=missing_total,
        missing=missing,
        new_reports=new_report_count,
    )
