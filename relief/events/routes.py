"""The staff event picker: which event the pages show, remembered for the session."""

from flask import Blueprint, redirect, request, session, url_for
from flask_login import current_user

from relief.core.permissions import STAFF, roles
from relief.events import queries
from relief.unit_of_work import writes

bp = Blueprint("events", __name__)


@bp.app_context_processor
def inject_shown_event() -> dict:
    """Every staff page names the event it shows and offers the picker."""
    try:
        signed_in = current_user.is_authenticated
    except AttributeError:  # no login manager in this request (static files)
        signed_in = False
    if not signed_in:
        return {}
    events = queries.picker_events()  # facts, kept until an event changes: no query
    return {"shown_event": queries.picked_event(events), "picker_events": events}


@bp.route("/event/choose", methods=["POST"])
@roles(*STAFF)
@writes  # a POST like any other (it writes only the session)
def choose():
    """Remember the chosen event for this session, then go back to the page."""
    event_id = request.form.get("event_id", type=int)
    if event_id and queries.get_event(event_id):
        session[queries.CHOSEN] = event_id
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("dashboard.dashboard")
    return redirect(target)
