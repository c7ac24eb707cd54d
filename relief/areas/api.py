"""`/api/v1/areas`: the hierarchy of Banten's areas, point lookups and GeoJSON shapes."""

from flask import Response, request
from flask_smorest import Blueprint, abort

from relief.areas import queries, spatial
from relief.areas.geojson import CachedGeoJSON, area_geojson
from relief.areas.schemas import (
    AreaQuerySchema,
    AreaSchema,
    GeoJSONQuerySchema,
    LookupQuerySchema,
    LookupSchema,
    TopoJSONQuerySchema,
)
from relief.areas.topology import area_topology
from relief.core.errors import ErrorSchema
from relief.core.pagination import page_of, paginate
from relief.core.permissions import PUBLIC, roles

# Prefix /api/v1 (not /api/v1/areas) so that /api/v1/areas.geojson lives here too.
blp = Blueprint("areas_api", __name__, url_prefix="/api/v1", description="Areas")


@blp.route("/areas")
@roles(PUBLIC)
@blp.arguments(AreaQuerySchema, location="query")
@blp.response(200, page_of(AreaSchema))
def list_areas(args: dict):
    """Search areas by name or code; filter by level and parent code."""
    stmt = queries.area_search(args.get("q"), args.get("level"), args.get("parent"))
    return paginate(stmt, args["page"], args["per_page"])


# Declared before /areas/<code> so that "lookup" is never taken for a code.
@blp.route("/areas/lookup")
@roles(PUBLIC)
@blp.arguments(LookupQuerySchema, location="query")
@blp.response(200, LookupSchema)
@blp.alt_response(404, schema=ErrorSchema)
def lookup(args: dict):
    """The village containing a point; in a gap between shapes, the nearest within tolerance."""
    found = spatial.village_at(args["lat"], args["lon"])
    if found is None:
        abort(404, message="Tidak ada desa/kelurahan pada atau dekat titik ini.")
    code, distance, exact = found
    area = queries.get_area(code)
    return {
        "code": code,
        "name": area.name,
        "district_code": area.district_code,
        "regency_code": area.regency_code,
        "distance_m": round(distance, 1),
        "exact": exact,
        "fallback": not exact,
        "geometry_source": area.geometry_source,
    }


@blp.route("/areas/<string:code>")
@roles(PUBLIC)
@blp.response(200, AreaSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_area(code: str):
    """One area by its Kemendagri code."""
    return queries.get_area(code)


@blp.route("/areas.geojson")
@roles(PUBLIC)
@blp.arguments(GeoJSONQuerySchema, location="query")
@blp.doc(
    responses={
        "200": {"description": "RFC 7946 FeatureCollection (display geometry)"},
        "304": {"description": "Not modified (ETag)"},
    }
)
def areas_geojson(args: dict):
    """Simplified shapes of one level (optionally under a parent), with an ETag and gzip."""
    return _cached_response(area_geojson(args["level"], args.get("parent")), "application/geo+json")


@blp.route("/areas.topojson")
@roles(PUBLIC)
@blp.arguments(TopoJSONQuerySchema, location="query")
@blp.doc(
    responses={
        "200": {
            "description": "TopoJSON Topology, quantized and delta-encoded; "
            "one object named after the level, geometry id = "
            "area code, property name; with format=packed the same topology as "
            "application/octet-stream (relief.areas.packed_topology), Brotli where "
            "accepted"
        },
        "304": {"description": "Not modified (ETag)"},
    }
)
def areas_topojson(args: dict):
    """The same shapes as TopoJSON (shared borders once), or packed: what the coverage map
    loads."""
    packed = args["format"] == "packed"
    cached = area_topology(
        args["level"], args.get("parent"), args["detail"], packed=packed, revision=args["rev"]
    )
    return _cached_response(cached, "application/octet-stream" if packed else "application/json")


def _cached_response(cached: CachedGeoJSON, mimetype: str) -> Response:
    """The body with a strong ETag (304 on a match), Brotli or gzip as the client accepts
    (Brotli where the body was built with it)."""
    etag = f'"{cached.etag}"'
    headers = {"ETag": etag, "Vary": "Accept-Encoding", "Cache-Control": "public, no-cache"}
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        return Response(status=304, headers=headers)
    body = cached.body
    if cached.brotli is not None and request.accept_encodings["br"]:
        body = cached.brotli
        headers["Content-Encoding"] = "br"
    elif request.accept_encodings["gzip"]:
        body = cached.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, headers=headers, mimetype=mimetype)
