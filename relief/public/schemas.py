"""API shapes of the public facts: whitelisted fields, nothing personal."""

from marshmallow import Schema, fields, validate

from relief.complaints.models import CATEGORIES
from relief.core.fields import RecordId
from relief.core.models import utcnow


class ReportInSchema(Schema):
    """A resident's complaint as posted to the API."""

    village_code = fields.String(
        required=True,
        validate=validate.Regexp(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
        metadata={"example": "36.02.25.2003"},
    )
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    text = fields.String(required=True, validate=validate.Length(min=10, max=2000))
    contact = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=120),
        metadata={"description": "Kept private; never shown publicly"},
    )


class ServiceUnitSchema(Schema):
    """A public-service unit as residents see it: name and complaint contact."""

    id = fields.Integer()
    name = fields.String()
    complaint_email = fields.String(allow_none=True)
    complaint_phone = fields.String(allow_none=True)


class ReportAnswerSchema(Schema):
    """A unit's public answer to a forwarded complaint."""

    organisation = fields.Pluck(ServiceUnitSchema, "name")
    text = fields.String()
    answered_at = fields.DateTime()
    within_deadline = fields.Boolean()


class ReportPublicSchema(Schema):
    """What anyone holding the tracking code may read: the state, the public reply, the unit
    it was forwarded to with its deadline, and the unit's answers."""

    tracking_code = fields.String()
    state = fields.String(
        metadata={"description": "received, checking, forwarded, answered, closed"}
    )
    public_reply = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    organisation = fields.Nested(ServiceUnitSchema, allow_none=True)
    forwarded_at = fields.DateTime(allow_none=True)
    answer_due_at = fields.DateTime(allow_none=True)
    answers = fields.List(fields.Nested(ReportAnswerSchema))


class ForwardInSchema(Schema):
    """The Ombudsman forwards a report to a unit."""

    organisation_id = RecordId(required=True)
    note = fields.String(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "internal note (not shown to the resident)"},
    )


class AnswerInSchema(Schema):
    """A unit's answer (public)."""

    text = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class ForwardedArgsSchema(Schema):
    """Filters of the forwarded complaints list."""

    organisation_id = RecordId(load_default=None)
    overdue = fields.Boolean(load_default=False)


class ForwardedReportSchema(ReportPublicSchema):
    """A forwarded complaint for staff: with its village, category and text (no contact)."""

    id = fields.Integer()
    village_code = fields.String()
    category = fields.String()
    text = fields.String()
    overdue = fields.Function(
        lambda report: report.is_answer_overdue(utcnow()),
        metadata={"description": "forwarded, unanswered, past deadline"},
    )


class PlaceSchema(Schema):
    """A village with its district and regency names."""

    code = fields.String()
    name = fields.String()
    kind = fields.String()
    district = fields.String()
    regency = fields.String()


class VillageStatusArgsSchema(Schema):
    """Which event the status is about (default: the most recent open event)."""

    event = fields.String(
        validate=validate.Length(min=1, max=40),
        metadata={"description": "An event's id or code", "example": "BJR2020"},
    )


class PlaceQuerySchema(Schema):
    """What a visitor typed, and which kind of area they look for."""

    q = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={
            "description": "Part of a name (spelling forgiven) or a code prefix",
            "example": "lebakged",
        },
    )
    level = fields.String(validate=validate.OneOf(("village", "district", "regency")))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=20))


class PlaceMatchSchema(PlaceSchema):
    """An area that fits a search, with its level (village, district, regency)."""

    level = fields.String()


class EventBriefSchema(Schema):
    """The disaster event the figures belong to."""

    name = fields.String()
    started_on = fields.Date()
    emergency_until = fields.Date()


class QuantitySchema(Schema):
    """A quantity of a commodity in its base unit."""

    commodity = fields.String()
    quantity = fields.Float()


class DeliverySchema(QuantitySchema):
    """One delivered item: when and how much (accepted quantity once confirmed)."""

    date = fields.DateTime()
    confirmed = fields.String(allow_none=True, metadata={"description": "staff, village or null"})


class OwedSchema(Schema):
    """Need by the norm, delivered, and still owed, for how many people or households."""

    commodity = fields.String()
    need = fields.Float()
    delivered = fields.Float()
    owed = fields.Float()
    coverage = fields.Float(allow_none=True)
    people = fields.Integer()
    per = fields.String(metadata={"description": "person or household"})
    basis = fields.String(metadata={"description": "displaced or affected"})


class GapSchema(Schema):
    """Logged against confirmed quantity over shipments that have a receipt."""

    commodity = fields.String()
    logged = fields.Float()
    accepted = fields.Float()
    gap = fields.Float()
    shipments = fields.Integer()


class PoskoSchema(Schema):
    """The field post named on the village's latest shipment."""

    name = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)


class CommoditySchema(Schema):
    """A commodity's names and base unit."""

    code = fields.String()
    name_id = fields.String()
    name_en = fields.String()
    unit = fields.String()


class VillageStatusSchema(Schema):
    """A village's aid status: the same non-personal facts as its public page."""

    village = fields.Nested(PlaceSchema)
    event = fields.Nested(EventBriefSchema, allow_none=True)
    as_of = fields.DateTime()
    last_update = fields.DateTime(allow_none=True)
    ombudsman_following = fields.Boolean()
    open_reports = fields.Integer()
    commodities = fields.Method("commodity_list", metadata={"type": "array"})
    delivered = fields.List(fields.Nested(QuantitySchema))
    recent = fields.List(fields.Nested(DeliverySchema))
    in_transit = fields.List(fields.Nested(QuantitySchema))
    owed = fields.List(fields.Nested(OwedSchema))
    gaps = fields.List(fields.Nested(GapSchema))
    posko = fields.Nested(PoskoSchema, allow_none=True)

    def commodity_list(self, status: dict) -> list:
        """Only the commodities the answer mentions."""
        used = {
            row["commodity"]
            for key in ("delivered", "recent", "in_transit", "owed", "gaps")
            for row in status[key]
        }
        return CommoditySchema(many=True).dump(
            [c for code, c in status["commodities"].items() if code in used]
        )
