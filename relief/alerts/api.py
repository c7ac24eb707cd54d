"""`/api/v1/alerts`: the queue, one alert, and case actions."""

from flask_login import current_user
from flask_smorest import Blueprint

from relief.alerts import queries, services
from relief.alerts.schemas import (
    AlertActionInSchema,
    AlertDetailSchema,
    AlertListArgsSchema,
    AlertSchema,
)
from relief.core.errors import ErrorSchema
from relief.core.models import utcnow
from relief.core.pagination import page_of, paginate
from relief.core.permissions import LOGISTICS, OMBUDSMAN, STAFF, roles
from relief.unit_of_work import writes

blp = Blueprint("alerts_api", __name__, url_prefix="/api/v1/alerts", description="Alerts")


@blp.route("")
@roles(*STAFF)
@blp.arguments(AlertListArgsSchema, location="query")
@blp.response(200, page_of(AlertSchema))
def list_alerts(args: dict):
    """The alert queue: overdue first, then critical; filters as on the page."""
    page, per_page = args.pop("page"), args.pop("per_page")
    return paginate(queries.alert_queue(args, utcnow()), page, per_page)


@blp.route("/<int:alert_id>")
@roles(*STAFF)
@blp.response(200, AlertDetailSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_alert(alert_id: int):
    """One alert with the facts that fired it and its timeline."""
    return queries.get_alert(alert_id)


@blp.route("/<int:alert_id>/actions", methods=["POST"])
@roles(LOGISTICS, OMBUDSMAN)
@writes
@blp.arguments(AlertActionInSchema)
@blp.response(201, AlertDetailSchema)
@blp.alt_response(403, schema=ErrorSchema, description="This role may not take this action")
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The alert's state forbids it")
@blp.alt_response(422, schema=ErrorSchema)
def post_action(body: dict, alert_id: int):
    """Acknowledge, respond, resolve, dismiss, reopen or comment; answers the updated alert."""
    alert = queries.get_alert(alert_id)
    services.act(alert, body["action"], current_user, body["note"], body["category"],
                 body["planned_delivery"])
    return alert
