"""Display geometry as RFC 7946 GeoJSON, built from column selects and cached per revision."""

import gzip
import hashlib
import json
from dataclasses import dataclass

import shapely
from flask import current_app
from sqlalchemy import or_, select

from relief.areas.approximate import APPROXIMATE
from relief.areas.models import Area
from relief.areas.revision import current_revision
from relief.extensions import db

CACHE_SIZE = 64
APPROXIMATE_NOTICE = (
    "Batas wilayah perkiraan (dibuat dari titik pusat dan luas desa), bukan batas resmi. "
    "Admin dapat memuat batas resmi di /admin/geodata atau dengan `flask geodata import`."
)


@dataclass(frozen=True)
class CachedGeoJSON:
    """One serialised collection: plain and gzipped bodies and a strong ETag."""

    body: bytes
    gzipped: bytes
    etag: str


def area_geojson(level: str, parent: str | None) -> CachedGeoJSON:
    """The collection for (level, parent) at the current geometry revision (cached)."""
    key = (level, parent or "", current_revision())
    cache = current_app.extensions.setdefault("relief_geojson_cache", {})
    hit = cache.get(key)
    if hit is None:
        body = json.dumps(feature_collection(level, parent), separators=(",", ":")).encode()
        hit = CachedGeoJSON(body, gzip.compress(body, 6), hashlib.sha256(body).hexdigest()[:32])
        if len(cache) >= CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = hit
    return hit


def feature_collection(level: str, parent: str | None) -> dict:
    """Features with code, name, level, parents and geometry source, from a column select."""
    stmt = (
        select(Area.code, Area.name, Area.level, Area.parent_code, Area.regency_code,
               Area.district_code, Area.geometry_source, Area.display_geom)
        .where(Area.level == level, Area.display_geom.is_not(None))
        .order_by(Area.code)
    )
    if parent:
        stmt = stmt.where(or_(Area.parent_code == parent, Area.regency_code == parent,
                              Area.district_code == parent))
    rows = db.session.execute(stmt).all()
    shapes = shapely.orient_polygons(shapely.from_wkb([r.display_geom for r in rows]),
                                     exterior_cw=False) if rows else []
    texts = shapely.to_geojson(shapes) if rows else []
    features = [
        {
            "type": "Feature",
            "id": row.code,
            "properties": {
                "code": row.code, "name": row.name, "level": row.level,
                "parent_code": row.parent_code, "regency_code": row.regency_code,
                "district_code": row.district_code, "geometry_source": row.geometry_source,
                "approximate": row.geometry_source == APPROXIMATE,
            },
            "geometry": json.loads(text),
        }
        for row, text in zip(rows, texts, strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    if any(f["properties"]["approximate"] for f in features):
        collection["notice"] = APPROXIMATE_NOTICE
    return collection
