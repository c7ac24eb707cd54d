"""API shapes of the catalogue."""

from marshmallow import Schema, fields, validate


class UnitSchema(Schema):
    """A unit and its size in base units."""

    code = fields.String()
    name_id = fields.String()
    name_en = fields.String()
    factor = fields.Float()


class CommoditySchema(Schema):
    """A commodity with its units."""

    code = fields.String()
    name_id = fields.String()
    name_en = fields.String()
    base_unit = fields.String()
    is_core = fields.Boolean()
    tracks_lots = fields.Boolean()
    units = fields.List(fields.Nested(UnitSchema))


CODE_RULE = "Kode: huruf kecil, angka, garis bawah."
CODE = validate.Regexp(r"^[a-z][a-z0-9_]{1,31}$", error=CODE_RULE)
UNIT_CODE = validate.Regexp(r"^[a-z][a-z0-9_]{0,15}$", error=CODE_RULE)


class UnitInSchema(Schema):
    """A new unit: how many base units one of it holds."""

    code = fields.String(required=True, validate=UNIT_CODE)
    name_id = fields.String(required=True, validate=validate.Length(min=1, max=60))
    name_en = fields.String(required=True, validate=validate.Length(min=1, max=60))
    factor = fields.Float(
        required=True, validate=validate.Range(min=0.001, max=1_000_000, min_inclusive=True)
    )


class CommodityInSchema(Schema):
    """A new commodity (admin); its base unit is added with factor 1."""

    code = fields.String(required=True, validate=CODE)
    name_id = fields.String(required=True, validate=validate.Length(min=1, max=120))
    name_en = fields.String(required=True, validate=validate.Length(min=1, max=120))
    base_unit = fields.String(required=True, validate=UNIT_CODE)
    is_core = fields.Boolean(load_default=False)
    tracks_lots = fields.Boolean(load_default=False)
    sort_order = fields.Integer(load_default=100, validate=validate.Range(min=0, max=10_000))
    units = fields.List(
        fields.Nested(UnitInSchema), load_default=list, validate=validate.Length(max=20)
    )


class NormSchema(Schema):
    """A need norm of a profile, with its cited source."""

    id = fields.Integer(dump_only=True)
    profile = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[a-z][a-z0-9_]{1,31}$", error="Profil: huruf kecil, angka, garis bawah."
        ),
    )
    commodity_code = fields.String(required=True, validate=validate.Length(max=32))
    amount = fields.Float(required=True, validate=validate.Range(min=0, max=100_000))
    per = fields.String(required=True, validate=validate.OneOf(("person", "household")))
    period = fields.String(required=True, validate=validate.OneOf(("day", "once")))
    basis = fields.String(required=True, validate=validate.OneOf(("displaced", "affected")))
    source = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class NormPatchSchema(Schema):
    """Change a norm's figures or source (admin)."""

    amount = fields.Float(required=True, validate=validate.Range(min=0, max=100_000))
    per = fields.String(required=True, validate=validate.OneOf(("person", "household")))
    period = fields.String(required=True, validate=validate.OneOf(("day", "once")))
    basis = fields.String(required=True, validate=validate.OneOf(("displaced", "affected")))
    source = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class NormQuerySchema(Schema):
    """Norm list filters."""

    profile = fields.String(validate=validate.Length(max=32))
    commodity = fields.String(validate=validate.Length(max=32))


class CommodityQuerySchema(Schema):
    """Commodity list filters."""

    core = fields.Boolean()
    q = fields.String(validate=validate.Length(max=100))


class DefaultsLoadedSchema(Schema):
    """What loading the defaults added."""

    commodities = fields.Integer()
    units = fields.Integer()
    norms = fields.Integer()
