"""The coverage map page for staff."""

from datetime import datetime

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from relief.core.cache import reference_value
from relief.core.errors import DomainError
from relief.core.permissions import STAFF, roles
from relief.events.models import Event
from relief.events.queries import shown_event
from relief.extensions import db
from relief.maps import queries
from relief.maps.schemas import MapArgsSchema
from relief.maps.view import WIB, default_as_of, rendered_map

bp = Blueprint("maps", __name__)


@bp.route("/coverage/map")
@roles(*STAFF)
def coverage_map():
    """Villages coloured by coverage as of a date, optionally for one regency."""
    try:
        args = MapArgsSchema().load(request.args)
    except ValidationError as err:
        raise DomainError(_("Filter peta tidak valid."), fields=err.messages, status=422) from err
    event = db.session.get(Event, args["event_id"]) if args["event_id"] else shown_event()
    if args["event_id"] and event is None:
        abort(404)
    # Reference data: read once per process until a reference write (boundaries) commits.
    regencies = reference_value("map-regencies", lambda: tuple(queries.regencies()))
    regency = args["regency"] if args["regency"] in dict(regencies) else None
    # A replayed scenario's "today" is the day of its replay moment.
    today = (event.now() if event else datetime.now(WIB)).astimezone(WIB).date()
    as_of = args["as_of"] or default_as_of(event, today)
    parts, facts = rendered_map(
        event, as_of, regency, lambda path: url_for("static", filename=path), today
    )
    return render_template(
        "coverage/map.html",
        event=event,
        as_of=as_of,
        today=today,
        regency=regency,
        regencies=regencies,
        facts=facts,
        map=parts,
    )
