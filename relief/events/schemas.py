"""API shapes of events: output, admin input (create, change, close) and list filters."""

from marshmallow import RAISE, Schema, fields, validate

from relief.core.pagination import PageArgsSchema
from relief.events.models import KINDS

AREA_CODE = validate.Regexp(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", error="Bukan kode wilayah Kemendagri."
)
REGENCY_CODE = validate.Regexp(r"^\d{2}\.\d{2}$", error="Bukan kode kabupaten/kota.")


class EventSchema(Schema):
    """An event as API clients see it."""

    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    started_on = fields.Date()
    emergency_until = fields.Date()
    norm_profile = fields.String()
    regency_codes = fields.List(fields.String())
    ended_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "Closed at this moment: no new shipments; null while open."},
    )
    is_demo = fields.Boolean()
    scenario_at = fields.DateTime(
        allow_none=True,
        metadata={
            "description": "Replay moment: a replayed scenario is judged as of this "
            "moment; null for a live event (judged at the real now)."
        },
    )


class EventCreateSchema(Schema):
    """A new live event (admin)."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Length(min=3, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    started_at = fields.AwareDateTime(
        required=True,
        metadata={"description": "When the disaster began (its date starts the emergency period)"},
    )
    emergency_until = fields.Date(
        load_default=None,
        metadata={
            "description": "End of the decreed emergency period; 14 days from the start if left out"
        },
    )
    regency_codes = fields.List(
        fields.String(validate=REGENCY_CODE), required=True, validate=validate.Length(min=1, max=50)
    )
    norm_profile = fields.String(load_default=None, validate=validate.Length(max=32))
    description = fields.String(load_default="", validate=validate.Length(max=2000))


class EventPatchSchema(Schema):
    """Rename, extend the regencies or the emergency period, or close an event (admin)."""

    class Meta:
        unknown = RAISE

    name = fields.String(validate=validate.Length(min=3, max=200))
    regency_codes = fields.List(
        fields.String(validate=REGENCY_CODE),
        validate=validate.Length(min=1, max=50),
        metadata={"description": "Regencies to add; none is ever removed"},
    )
    emergency_until = fields.Date()
    ended_at = fields.AwareDateTime(
        allow_none=True,
        metadata={"description": "Close the event at this moment (null reopens it)"},
    )


class EventQuerySchema(PageArgsSchema):
    """List filters: kind, state (open, closed, replay), regency, name."""

    class Meta:
        unknown = RAISE

    kind = fields.String(validate=validate.OneOf(KINDS))
    state = fields.String(validate=validate.OneOf(("open", "closed", "replay")))
    regency = fields.String(validate=REGENCY_CODE)
    q = fields.String(validate=validate.Length(max=100))
