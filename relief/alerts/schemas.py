"""marshmallow at the alerts' edges: filters, actions in, alerts out."""

from marshmallow import Schema, fields, validate

from relief.alerts.categories import CATEGORIES
from relief.alerts.models import LEVELS, STATES
from relief.alerts.rules import RULES
from relief.alerts.services import STEPS
from relief.core.fields import Moment, RecordId
from relief.core.models import utcnow
from relief.core.pagination import PageArgsSchema


class AlertFilterSchema(Schema):
    """Queue filters shared by the page, the API and the exports."""

    state = fields.String(validate=validate.OneOf(STATES))
    kind = fields.String(validate=validate.OneOf(list(RULES)))
    level = fields.String(validate=validate.OneOf(LEVELS))
    category = fields.String(validate=validate.OneOf(list(CATEGORIES)))
    regency = fields.String(
        data_key="regency", attribute="regency_code", validate=validate.Regexp(r"^\d{2}\.\d{2}$")
    )
    village = fields.String(
        data_key="village",
        attribute="village_code",
        validate=validate.Regexp(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
    )
    event_id = RecordId(data_key="event")
    overdue = fields.Boolean()
    active = fields.Boolean(metadata={"description": "Only open or acknowledged alerts"})


class AlertListArgsSchema(AlertFilterSchema, PageArgsSchema):
    """Filters plus `page`/`per_page`."""


class AlertActionInSchema(Schema):
    """One case action."""

    action = fields.String(required=True, validate=validate.OneOf(list(STEPS)))
    note = fields.String(load_default="", validate=validate.Length(max=4000))
    category = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(list(CATEGORIES))
    )
    planned_delivery = Moment(load_default=None, allow_none=True, default_timezone=None)


class AlertActionSchema(Schema):
    """One timeline step."""

    id = fields.Integer()
    actor = fields.String()
    role = fields.String()
    at = fields.DateTime()
    action = fields.String()
    note = fields.String()
    category = fields.String(allow_none=True)
    planned_delivery = fields.DateTime(allow_none=True)
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)


class AlertSchema(Schema):
    """An alert in the queue."""

    id = fields.Integer()
    kind = fields.String()
    event_id = fields.Integer()
    village_code = fields.String()
    village_name = fields.Function(lambda a: a.village.name if a.village else None)
    regency_code = fields.String()
    commodity_code = fields.String(allow_none=True)
    level = fields.String()
    category = fields.String()
    suggested_category = fields.String()
    state = fields.String()
    facts = fields.Dict()
    opened_at = fields.DateTime()
    evaluated_at = fields.DateTime()
    condition_cleared_at = fields.DateTime(allow_none=True)
    response_due_at = fields.DateTime()
    resolution_due_at = fields.DateTime()
    responded_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    overdue = fields.Method("get_overdue")
    version = fields.Integer()

    def get_overdue(self, alert) -> bool:
        """Flag computed by the event's clock (its replay moment, else the current time)."""

        return alert.is_overdue(utcnow())


class AlertDetailSchema(AlertSchema):
    """An alert with the facts at opening and its timeline."""

    opening_facts = fields.Dict()
    actions = fields.List(fields.Nested(AlertActionSchema))


class NotificationListArgsSchema(PageArgsSchema):
    """`status` filter plus `page`/`per_page`."""

    status = fields.String(validate=validate.OneOf(("pending", "sending", "sent", "failed")))


class NotificationSchema(Schema):
    """One message to one channel, as the admin sees it (the payload stays inside)."""

    id = fields.Integer()
    topic = fields.String()
    alert_id = fields.Integer(allow_none=True)
    channel = fields.String()
    trigger = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    next_try_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)


class ChannelSchema(Schema):
    """A channel: on or off, and where it sends (secrets masked)."""

    name = fields.String()
    enabled = fields.Boolean()
    settings = fields.Dict()


class TestMessageSchema(Schema):
    """How many test messages were queued (one per enabled channel)."""

    queued = fields.Integer()
