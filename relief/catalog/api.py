"""`/api/v1/commodities`."""

from flask_smorest import Blueprint

from relief.catalog import queries
from relief.catalog.schemas import CommoditySchema
from relief.core.permissions import PUBLIC, roles

blp = Blueprint("catalog_api", __name__, url_prefix="/api/v1/commodities", description="Catalogue")


@blp.route("")
@roles(PUBLIC)
@blp.response(200, CommoditySchema(many=True))
def list_commodities():
    """Every commodity with its units and conversion to the base unit."""
    return queries.all_commodities()
