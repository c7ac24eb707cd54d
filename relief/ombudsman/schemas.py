"""API shapes of the compliance view."""

from marshmallow import Schema, fields

from relief.core.fields import RecordId


class ComplianceArgsSchema(Schema):
    """`?event_id=`; the current event without it."""

    event_id = RecordId(load_default=None)


class ComplianceRowSchema(Schema):
    """One unit's compliance in one event."""

    organisation_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    regency_codes = fields.List(fields.String())
    alerts = fields.Integer(metadata={"description": "alerts in the regencies it serves"})
    responded_on_time = fields.Integer()
    responses_due = fields.Integer(metadata={"description": "first responses met or past due"})
    resolved_on_time = fields.Integer()
    resolutions_due = fields.Integer()
    median_response_hours = fields.Float(allow_none=True)
    complaints = fields.Integer(metadata={"description": "complaints forwarded to it"})
    answered_on_time = fields.Integer()
    answers_due = fields.Integer()
    villages_green = fields.Integer()
    villages_yellow = fields.Integer()
    villages_red = fields.Integer()
    villages_no_need = fields.Integer()
    score = fields.Float(
        allow_none=True,
        metadata={"description": "share of deadlines met over those met or past due"},
    )
    band = fields.String(
        allow_none=True,
        metadata={"description": "green >= 81 %, yellow >= 51 %, red below; None: nothing due yet"},
    )
