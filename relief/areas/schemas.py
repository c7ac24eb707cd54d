"""API shapes of areas."""

from marshmallow import Schema, fields, validate

from relief.areas.models import LEVELS
from relief.core.pagination import PageArgsSchema


class AreaQuerySchema(PageArgsSchema):
    """Search and filters for the area list."""

    q = fields.String(validate=validate.Length(min=1, max=100))
    level = fields.String(validate=validate.OneOf(LEVELS))
    parent = fields.String(validate=validate.Regexp(r"^\d{2}(\.\d{2}){0,2}$"))


class AreaSchema(Schema):
    """An area's public facts (no geometry; that is served as GeoJSON)."""

    code = fields.String()
    name = fields.String()
    level = fields.String()
    kind = fields.String(allow_none=True)
    parent_code = fields.String(allow_none=True)
    regency_code = fields.String(allow_none=True)
    district_code = fields.String(allow_none=True)
    population = fields.Integer(allow_none=True, metadata={"description": "Census 2010"})
    area_km2 = fields.Float(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    geometry_source = fields.String(allow_none=True)


class LookupQuerySchema(Schema):
    """A GPS point."""

    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))


class LookupSchema(Schema):
    """The village at a point; `fallback` when the point lies in a gap near it."""

    code = fields.String()
    name = fields.String()
    district_code = fields.String(allow_none=True)
    regency_code = fields.String(allow_none=True)
    distance_m = fields.Float(metadata={"description": "0 inside the village"})
    exact = fields.Boolean()
    fallback = fields.Boolean(metadata={"description": "nearest village, point in a gap"})
    geometry_source = fields.String(
        allow_none=True, metadata={"description": "'approximate' or a file name"}
    )


class GeoJSONQuerySchema(Schema):
    """Which shapes to serve."""

    level = fields.String(
        load_default="village", validate=validate.OneOf(("regency", "district", "village"))
    )
    parent = fields.String(validate=validate.Regexp(r"^\d{2}(\.\d{2}){0,2}$"))


class TopoJSONQuerySchema(GeoJSONQuerySchema):
    """Which shapes to serve, and how simplified."""

    detail = fields.String(
        load_default="display",
        validate=validate.OneOf(("display", "overview")),
        metadata={
            "description": "display: the display geometry (about 20 m); overview: "
            "simplified for province-wide views (about 220 m)"
        },
    )
    format = fields.String(
        load_default="json",
        validate=validate.OneOf(("json", "packed")),
        metadata={
            "description": "json: TopoJSON; packed: the same topology as bytes "
            "(application/octet-stream, relief.areas.packed_topology), what the map loads"
        },
    )
    rev = fields.String(
        load_default=None,
        validate=validate.Length(max=64),
        metadata={
            "description": "the geometry revision the map page was built with: a body held "
            "for it is answered without a database read"
        },
    )
