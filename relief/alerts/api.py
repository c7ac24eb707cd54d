"""`/api/v1/alerts`: the queue, one alert, and case actions."""

from flask_login import current_user
from flask_smorest import Blueprint

from relief.alerts import notify, queries, services
from relief.alerts.schemas import (
    AlertActionInSchema,
    AlertDetailSchema,
    AlertListArgsSchema,
    AlertSchema,
    ChannelSchema,
    NotificationListArgsSchema,
    NotificationSchema,
    TestMessageSchema,
)
from relief.core.errors import ErrorSchema
from relief.core.models import utcnow
from relief.core.pagination import page_of, paginate
from relief.core.permissions import ADMIN, LOGISTICS, OMBUDSMAN, STAFF, roles
from relief.unit_of_work import admin_writes, writes

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
@blp.alt_response(
    403,
    schema=ErrorSchema,
    description="This role may not take this action, or the alert lies outside "
    "a logistics account's area codes",
)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The alert's state forbids it")
@blp.alt_response(422, schema=ErrorSchema)
def post_action(body: dict, alert_id: int):
    """Acknowledge, respond, resolve, dismiss, reopen or comment; answers the updated alert."""
    alert = queries.get_alert(alert_id)
    services.act(
        alert,
        body["action"],
        current_user,
        body["note"],
        body["category"],
        body["planned_delivery"],
    )
    return alert


@blp.route("/notifications")
@roles(ADMIN)
@blp.arguments(NotificationListArgsSchema, location="query")
@blp.response(200, page_of(NotificationSchema))
def list_notifications(args: dict):
    """Messages to the channels with status, attempts and last error (failures first)."""
    return paginate(
        queries.notification_deliveries(args.get("status")), args["page"], args["per_page"]
    )


@blp.route("/notifications/channels")
@roles(ADMIN)
@blp.response(200, ChannelSchema(many=True))
def list_channels():
    """The notification channels and where they send (secrets masked)."""
    return queries.channel_overview()


@blp.route("/notifications/test", methods=["POST"])
@admin_writes(blp, response=TestMessageSchema, status=202)
def post_test_message():
    """Queue a test message to every enabled channel; the worker sends it."""
    return {"queued": notify.enqueue_test_message(current_user.username)}


@blp.route("/notifications/<int:attempt_id>/retry", methods=["POST"])
@admin_writes(blp, response=NotificationSchema, status=202, errors=(404,))
def retry_notification(attempt_id: int):
    """Send a failed or waiting message again now (a failed one gets a fresh attempt count)."""
    attempt = queries.get_notification(attempt_id)
    notify.retry_now(attempt)
    return attempt
