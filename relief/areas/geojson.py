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

import brotli
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
# Reentrant: a packed topology is built from its TopoJSON body, itself built under the lock.
_build_lock = threading.RLock()


# Brotli at its densest for the map's packed topologies: built once per revision (when
# boundaries are imported), sent to every browser that offers `br`.
BROTLI_QUALITY = 11


@dataclass(frozen=True)
class CachedGeoJSON:
    """One serialised body (GeoJSON or TopoJSON): plain and gzipped (and Brotli-compressed
    where it was built with `brotli`), and a strong ETag."""

    body: bytes
    gzipped: bytes
    etag: str
    brotli: bytes | None = None

    @classmethod
    def of(
        cls, body: bytes, gzipped: bytes | None = None, brotli_body: bytes | bool | None = None
    ) -> "CachedGeoJSON":
        """`brotli_body`: the Brotli bytes, True to compress them here, None for none."""
        if brotli_body is True:
            brotli_body = brotli.compress(body, quality=BROTLI_QUALITY)
        return cls(
            body,
            gzipped or gzip.compress(body, 6),
            hashlib.sha256(body).hexdigest()[:32],
            brotli_body or None,
        )


def area_geojson(level: str, parent: str | None) -> CachedGeoJSON:
    """The collection for (level, parent) at the current geometry revision (cached)."""
    return cached_body(
        ("geojson", level, parent or ""),
        lambda: json.dumps(feature_collection(level, parent), separators=(",", ":")).encode(),
    )


def cached_body(
    key: tuple, build: Callable[[], bytes], with_brotli: bool = False, revision: str | None = None
) -> CachedGeoJSON:
    """A serialised geometry body for `key` at the current revision (or `revision`, read
    already), with its Brotli bytes too if `with_brotli`.

    Kept per process in memory and, when GEODATA_CACHE_DIR is set, gzipped (and Brotli) on
    disk under the revision, so other workers and a restarted process read it instead of
    building it again. A boundary import changes the revision: older entries are never
    served, and the first build under a new revision removes the older revisions' files.
    """
    revision = current_revision() if revision is None else revision
    full_key = (*key, revision)
    cache = current_app.extensions.setdefault("relief_geojson_cache", {})
    hit = cache.get(full_key)
    if hit is not None:
        return hit
    with _build_lock:  # one build per key at a time in a process (they take a second or more)
        hit = cache.get(full_key) or _read_disk(key, revision, with_brotli)
        if hit is None:
            hit = CachedGeoJSON.of(build(), brotli_body=with_brotli or None)
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


def cached_in_memory(key: tuple, revision: str) -> CachedGeoJSON | None:
    """The body for `key` at `revision` if this process holds it (no database read: a
    revision's bodies never change)."""
    return current_app.extensions.get("relief_geojson_cache", {}).get((*key, revision))


def _read_disk(key: tuple, revision: str, with_brotli: bool = False) -> CachedGeoJSON | None:
    path = _disk_path(key, revision)
    if path is None or not path.is_file():
        return None
    try:
        gzipped = path.read_bytes()
        body = gzip.decompress(gzipped)
        packed = None
        if with_brotli:
            packed = path.with_suffix(".br").read_bytes()
            if brotli.decompress(packed) != body:
                return None
        return CachedGeoJSON.of(body, gzipped, packed)
    except (OSError, EOFError, gzip.BadGzipFile, brotli.error):
        return None  # a damaged or missing file is rebuilt and replaced


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
        variants = [(path, hit.gzipped)]
        if hit.brotli is not None:  # written first: a reader finds it once the .gz is there
            variants.insert(0, (path.with_suffix(".br"), hit.brotli))
        for target, data in variants:
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
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
