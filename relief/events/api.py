"""`/api/v1/events`: read by anyone; created, changed and closed by admins."""

from flask_smorest import Blueprint

from relief.core.errors import ErrorSchema
from relief.core.permissions import PUBLIC, roles
from relief.events import queries, services
from relief.events.schemas import EventCreateSchema, EventPatchSchema, EventQuerySchema, EventSchema
from relief.unit_of_work import admin_writes

blp = Blueprint("events_api", __name__, url_prefix="/api/v1/events", description="Events")


@blp.route("")
@roles(PUBLIC)
@blp.arguments(EventQuerySchema, location="query")
@blp.response(200, EventSchema(many=True))
def list_events(args: dict):
    """Disaster events, newest first; filter by kind, state, regency and name."""
    return queries.all_events(args)


@blp.route("", methods=["POST"])
@admin_writes(blp, EventCreateSchema, EventSchema)
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
@admin_writes(
    blp,
    EventPatchSchema,
    EventSchema,
    status=200,
    errors=((409, "A replayed scenario cannot change"),),
)
def update_event(data: dict, event_id: int):
    """Rename, add regencies, extend the emergency period, or close (`ended_at`); audited."""
    return services.update_event(queries.get_event(event_id), data)
