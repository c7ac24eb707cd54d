"""API shapes of the public facts: whitelisted fields, nothing personal."""

from marshmallow import Schema, fields, validate

from relief.complaints.models import CATEGORIES


class ReportInSchema(Schema):
    """A resident's complaint as posted to the API."""

    village_code = fields.String(required=True,
                                 validate=validate.Regexp(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
                                 metadata={"example": "36.02.25.2003"})
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    text = fields.String(required=True, validate=validate.Length(min=10, max=2000))
    contact = fields.String(allow_none=True, load_default=None,
                            validate=validate.Length(max=120),
                            metadata={"description": "Kept private; never shown publicly"})


class ReportPublicSchema(Schema):
    """What anyone holding the tracking code may read: the state and the public reply."""

    tracking_code = fields.String()
    state = fields.String(metadata={"description": "received, checking, forwarded, answered, "
                                                   "closed"})
    public_reply = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class PlaceSchema(Schema):
    """A village with its district and regency names."""

    code = fields.String()
    name = fields.String()
    kind = fields.String()
    district = fields.String()
    regency = fields.String()


class PlaceQuerySchema(Schema):
    """What a visitor typed, and which kind of area they look for."""

    q = fields.String(required=True, validate=validate.Length(min=1, max=100),
                      metadata={"description": "Part of a name (spelling forgiven) or a code "
                                               "prefix", "example": "lebakged"})
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
        used = {row["commodity"] for key in ("delivered", "recent", "in_transit", "owed", "gaps")
                for row in status[key]}
        return CommoditySchema(many=True).dump(
            [c for code, c in status["commodities"].items() if code in used])
