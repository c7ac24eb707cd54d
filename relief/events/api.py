"""`/api/v1/events`."""

from flask_smorest import Blueprint

from relief.core.permissions import PUBLIC, roles
from relief.events import queries
from relief.events.schemas import EventSchema

blp = Blueprint("events_api", __name__, url_prefix="/api/v1/events", description="Events")


@blp.route("")
@roles(PUBLIC)
@blp.response(200, EventSchema(many=True))
def list_events():
    """Every disaster event, newest first."""
    return queries.all_events()
