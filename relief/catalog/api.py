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
from relief.core.permissions import PUBLIC, STAFF, roles
from relief.extensions import db
from relief.unit_of_work import admin_writes

blp = Blueprint("catalog_api", __name__, url_prefix="/api/v1", description="Catalogue")


@blp.route("/commodities")
@roles(PUBLIC)
@blp.arguments(CommodityQuerySchema, location="query")
@blp.response(200, CommoditySchema(many=True))
def list_commodities(args: dict):
    """Commodities with their units and conversion to the base unit (filter: core, q)."""
    return queries.commodity_search(args)


@blp.route("/commodities", methods=["POST"])
@admin_writes(blp, CommodityInSchema, CommoditySchema)
def create_commodity(data: dict):
    """Add a commodity with its units (admin); audited."""
    return services.create_commodity(data)


@blp.route("/commodities/<string:code>/units", methods=["POST"])
@admin_writes(blp, UnitInSchema, UnitSchema, errors=(404,))
def add_unit(data: dict, code: str):
    """Add a unit to a commodity (admin); audited."""
    return services.add_unit(db.get_or_404(Commodity, code), data)


@blp.route("/commodities/defaults", methods=["POST"])
@admin_writes(blp, response=DefaultsLoadedSchema, status=200)
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
@admin_writes(blp, NormSchema, NormSchema)
def create_norm(data: dict):
    """Add a norm to a profile (admin); audited."""
    return services.create_norm(data)


@blp.route("/norms/<int:norm_id>", methods=["PATCH"])
@admin_writes(blp, NormPatchSchema, NormSchema, status=200, errors=(404,))
def update_norm(data: dict, norm_id: int):
    """Change a norm's figures and source (admin); audited."""
    norm = db.get_or_404(Norm, norm_id)
    return services.update_norm(norm.id, **data)
