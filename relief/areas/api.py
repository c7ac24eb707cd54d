"""`/api/v1/areas`: the hierarchy of Banten's areas."""

from flask_smorest import Blueprint

from relief.areas import queries
from relief.areas.schemas import AreaQuerySchema, AreaSchema
from relief.core.errors import ErrorSchema
from relief.core.pagination import page_of, paginate
from relief.core.permissions import PUBLIC, roles

blp = Blueprint("areas_api", __name__, url_prefix="/api/v1/areas", description="Areas")


@blp.route("")
@roles(PUBLIC)
@blp.arguments(AreaQuerySchema, location="query")
@blp.response(200, page_of(AreaSchema))
def list_areas(args: dict):
    """Search areas by name or code; filter by level and parent code."""
    stmt = queries.area_search(args.get("q"), args.get("level"), args.get("parent"))
    return paginate(stmt, args["page"], args["per_page"])


@blp.route("/<string:code>")
@roles(PUBLIC)
@blp.response(200, AreaSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_area(code: str):
    """One area by its Kemendagri code."""
    return queries.get_area(code)
