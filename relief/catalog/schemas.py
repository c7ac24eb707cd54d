"""API shapes of the catalogue."""

from marshmallow import Schema, fields


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
