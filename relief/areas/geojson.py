"""Display geometry as RFC 7946 GeoJSON, built from column selects and cached per revision."""

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shapely
from flask import current_app
from sqlalchemy import or_, select

from relief.areas.approximate import APPROXIMATE
from relief.areas.models import Area
from relief.areas.revision import current_revision
from relief.core.models import code_prefix
from relief.extensions import db

CACHE_SIZE = 64
APPROXIMATE_NOTICE = (
    "Batas wilayah perkiraan (dibuat dari titik pusat dan luas desa), bukan batas resmi. "
    "Admin dapat memuat batas resmi di /admin/geodata atau dengan `flask geodata import`."
)
_build_lock = threading.Lock()


@dataclass(frozen=True)
class CachedGeoJSON:
    """One serialised body (GeoJSON or TopoJSON): plain and gzipped, and a strong ETag."""

    body: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes, gzipped: bytes | None = None) -> "CachedGeoJSON":
        return cls(body, gzipped or gzip.compress(body, 6), hashlib.sha256(body).hexdigest()[:32])


def area_geojson(level: str, parent: str | None) -> CachedGeoJSON:
    """The collection for (level, parent) at the current geometry revision (cached)."""
    return cached_body(
        ("geojson", level, parent or ""),
        lambda: json.dumps(feature_collection(level, parent), separators=(",", ":")).encode(),
    )


def cached_body(key: tuple, build: Callable[[], bytes]) -> CachedGeoJSON:
    """A serialised geometry body for `key` at the current revision.

    Kept per process in memory and, when GEODATA_CACHE_DIR is set, gzipped on disk under the
    revision, so other workers and a restarted process read it instead of building it again.
    A boundary import changes the revision: older entries are never served, and the first
    build under a new revision removes the older revisions' files.
    """
    revision = current_revision()
    full_key = (*key, revision)
    cache = current_app.extensions.setdefault("relief_geojson_cache", {})
    hit = cache.get(full_key)
    if hit is not None:
        return hit
    with _build_lock:  # one build per key at a time in a process (they take a second or more)
        hit = cache.get(full_key) or _read_disk(key, revision)
        if hit is None:
            hit = CachedGeoJSON.of(build())
            _write_disk(key, revision, hit)
        if len(cache) >= CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[full_key] = hit
    return hit


def _disk_path(key: tuple, revision: str) -> Path | None:
    folder = current_app.config.get("GEODATA_CACHE_DIR")
    if not folder or not revision:
        return None
    name = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    return Path(folder) / revision / f"{key[0]}-{name}.json.gz"


def _read_disk(key: tuple, revision: str) -> CachedGeoJSON | None:
    path = _disk_path(key, revision)
    if path is None or not path.is_file():
        return None
    try:
        gzipped = path.read_bytes()
        return CachedGeoJSON.of(gzip.decompress(gzipped), gzipped)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None  # a damaged file is rebuilt and replaced


def _write_disk(key: tuple, revision: str, hit: CachedGeoJSON) -> None:
    """Write atomically (temporary file, then rename); a cache that cannot be written is
    only slower, never an error."""
    path = _disk_path(key, revision)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for other in path.parent.parent.iterdir():
            if other.is_dir() and other.name != revision:
                shutil.rmtree(other, ignore_errors=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(hit.gzipped)
        os.replace(temporary, path)
    except OSError as err:
        current_app.logger.warning("geometry cache not written: %s", err)


def feature_collection(level: str, parent: str | None) -> dict:
    """Features with code, name, level, parents and geometry source, from a column select."""
    rows = display_rows(level, parent)
    shapes = (
        shapely.orient_polygons(shapely.from_wkb([r.display_geom for r in rows]), exterior_cw=False)
        if rows
        else []
    )
    texts = shapely.to_geojson(shapes) if rows else []
    features = [
        {
            "type": "Feature",
            "id": row.code,
            "properties": {
                "code": row.code,
                "name": row.name,
                "level": row.level,
                "parent_code": row.parent_code,
                "regency_code": row.regency_code,
                "district_code": row.district_code,
                "geometry_source": row.geometry_source,
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


def display_rows(level: str, parent: str | None) -> list:
    """Code, name, parents, geometry source and display WKB of one level (under `parent`)."""
    stmt = (
        select(
            Area.code,
            Area.name,
            Area.level,
            Area.parent_code,
            Area.regency_code,
            Area.district_code,
            Area.geometry_source,
            Area.display_geom,
        )
        .where(Area.level == level, Area.display_geom.is_not(None))
        .order_by(Area.code)
    )
    if parent and "." not in parent:  # a province: its code starts every descendant's code
        stmt = stmt.where(code_prefix(Area.code, f"{parent}."))
    elif parent:
        stmt = stmt.where(
            or_(
                Area.parent_code == parent,
                Area.regency_code == parent,
                Area.district_code == parent,
            )
        )
    return db.session.execute(stmt).all()
