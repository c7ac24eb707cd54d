"""API shapes of events."""

from marshmallow import Schema, fields


class EventSchema(Schema):
    """An event as API clients see it."""

    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    started_on = fields.Date()
    emergency_until = fields.Date()
    norm_profile = fields.String()
    is_demo = fields.Boolean()
    scenario_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "Replay moment: a replayed scenario is judged as of this "
                                 "moment; null for a live event (judged at the real now)."})
