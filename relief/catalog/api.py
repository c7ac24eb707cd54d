"""`/api/v1/commodities` and `/api/v1/norms`: read by anyone or staff; changed by admins."""

from flask_smorest import Blueprint

from relief.catalog import queries, services
from relief.catalog.models import Commodity, Norm
from relief.catalog.schemas import (
    CommodityInSchema,
    CommodityQuerySchema,
    CommoditySchema,
    DefaultsLoadedSchema,
    NormPatchSchema,
    NormQuerySchema,
    NormSchema,
    UnitInSchema,
    UnitSchema,
)
from relief.core.errors import ErrorSchema
from relief.core.permissions import ADMIN, PUBLIC, STAFF, roles
from relief.extensions import db
from relief.unit_of_work import writes

blp = Blueprint("catalog_api", __name__, url_prefix="/api/v1", description="Catalogue")


@blp.route("/commodities")
@roles(PUBLIC)
@blp.arguments(CommodityQuerySchema, location="query")
@blp.response(200, CommoditySchema(many=True))
def list_commodities(args: dict):
    """Commodities with their units and conversion to the base unit (filter: core, q)."""
    return queries.commodity_search(args)


@blp.route("/commodities", methods=["POST"])
@roles(ADMIN)
@writes
@blp.arguments(CommodityInSchema)
@blp.response(201, CommoditySchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def create_commodity(data: dict):
    """Add a commodity with its units (admin); audited."""
    return services.create_commodity(data)


@blp.route("/commodities/<string:code>/units", methods=["POST"])
@roles(ADMIN)
@writes
@blp.arguments(UnitInSchema)
@blp.response(201, UnitSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def add_unit(data: dict, code: str):
    """Add a unit to a commodity (admin); audited."""
    return services.add_unit(db.get_or_404(Commodity, code), data)


@blp.route("/commodities/defaults", methods=["POST"])
@roles(ADMIN)
@writes
@blp.response(200, DefaultsLoadedSchema)
def load_defaults():
    """Install the default commodities, units and cited norms that are missing (admin)."""
    return services.load_defaults()


@blp.route("/norms")
@roles(*STAFF)
@blp.arguments(NormQuerySchema, location="query")
@blp.response(200, NormSchema(many=True))
def list_norms(args: dict):
    """Need norms by profile and commodity, each with its source."""
    return queries.norm_search(args)


@blp.route("/norms", methods=["POST"])
@roles(ADMIN)
@writes
@blp.arguments(NormSchema)
@blp.response(201, NormSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def create_norm(data: dict):
    """Add a norm to a profile (admin); audited."""
    return services.create_norm(data)


@blp.route("/norms/<int:norm_id>", methods=["PATCH"])
@roles(ADMIN)
@writes
@blp.arguments(NormPatchSchema)
@blp.response(200, NormSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def update_norm(data: dict, norm_id: int):
    """Change a norm's figures and source (admin); audited."""
    norm = db.get_or_404(Norm, norm_id)
    return services.update_norm(norm.id, **data)
