"""`/api/v1/events`: read by anyone; created, changed and closed by admins."""

from flask_smorest import Blueprint

from relief.core.errors import ErrorSchema
from relief.core.permissions import ADMIN, PUBLIC, roles
from relief.events import queries, services
from relief.events.schemas import EventCreateSchema, EventPatchSchema, EventQuerySchema, EventSchema
from relief.unit_of_work import writes

blp = Blueprint("events_api", __name__, url_prefix="/api/v1/events", description="Events")


@blp.route("")
@roles(PUBLIC)
@blp.arguments(EventQuerySchema, location="query")
@blp.response(200, EventSchema(many=True))
def list_events(args: dict):
    """Disaster events, newest first; filter by kind, state, regency and name."""
    return queries.all_events(args)


@blp.route("", methods=["POST"])
@roles(ADMIN)
@writes
@blp.arguments(EventCreateSchema)
@blp.response(201, EventSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def create_event(data: dict):
    """Open a live event (on the real clock); audited."""
    return services.create_event(data)


@blp.route("/<int:event_id>")
@roles(PUBLIC)
@blp.response(200, EventSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_event(event_id: int):
    """One event."""
    return queries.get_event(event_id)


@blp.route("/<int:event_id>", methods=["PATCH"])
@roles(ADMIN)
@writes
@blp.arguments(EventPatchSchema)
@blp.response(200, EventSchema)
@blp.alt_response(409, schema=ErrorSchema, description="A replayed scenario cannot change")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def update_event(data: dict, event_id: int):
    """Rename, add regencies, extend the emergency period, or close (`ended_at`); audited."""
    return services.update_event(queries.get_event(event_id), data)
