"""Importing boundary files into the area table: all or nothing, with a report."""

from pathlib import Path

import shapely
from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from relief.areas.approximate import APPROXIMATE
from relief.areas.boundary_files import BoundaryFileError, read_boundaries
from relief.areas.boundary_plan import KnownArea, area_facts, geometry_fields, plan_import
from relief.areas.models import Area
from relief.areas.revision import bump_revision
from relief.areas.topology import build_display_topologies
from relief.core import changes
from relief.core.errors import DomainError
from relief.extensions import db

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
APPROXIMATE_FILE = GEODATA / "banten_villages_approximate.geojson"


def known_areas() -> dict[str, KnownArea]:
    """Every area's code, level, name and ancestors (no geometry)."""
    rows = db.session.execute(
        select(Area.code, Area.level, Area.name, Area.regency_code, Area.district_code)
    )
    return {
        r.code: KnownArea(r.code, r.level, r.name, r.regency_code, r.district_code) for r in rows
    }


REGION_MARGIN = 1.0  # degrees around the known areas


def expected_region() -> tuple[float, float, float, float]:
    """Lon/lat bounds a boundary file's features must fall in: the known areas' extent with a
    margin, else Indonesia's bounding box."""
    row = db.session.execute(
        select(func.min(Area.lon), func.min(Area.lat), func.max(Area.lon), func.max(Area.lat))
    ).one()
    if None in tuple(row):
        return tuple(current_app.config["INDONESIA_BBOX"])
    return (
        row[0] - REGION_MARGIN,
        row[1] - REGION_MARGIN,
        row[2] + REGION_MARGIN,
        row[3] + REGION_MARGIN,
    )


def import_boundaries(
    path: Path,
    *,
    level: str | None = None,
    layer: str | None = None,
    code_field: str | None = None,
    name_field: str | None = None,
    source_crs: str | None = None,
    allow_new: bool = False,
    dry_run: bool = False,
    source: str | None = None,
    keep_official: bool = False,
) -> dict:
    """Read, check and store a boundary file; raises DomainError (nothing written) on a problem.

    `keep_official` leaves areas whose geometry came from an official file untouched (used
    when approximate shapes are loaded under existing imports).
    """
    limit = current_app.config["GEODATA_IMPORT_MAX_BYTES"]
    if path.stat().st_size > limit:
        raise DomainError(
            f"Berkas lebih besar dari batas {limit // 1_000_000} MB.",
            fields={"file": ["too large"]},
            status=413,
        )
    known = known_areas()
    try:
        records = read_boundaries(
            path,
            set(known),
            layer,
            code_field,
            name_field,
            source_crs,
            region=expected_region(),
            max_expanded=current_app.config["GEODATA_IMPORT_MAX_EXPANDED_BYTES"],
        )
    except BoundaryFileError as err:
        raise DomainError(str(err), fields={err.field: [str(err)]}) from err
    existing = _existing_villages({c for c in records.codes if c}, level)
    tolerance = current_app.config["GEODATA_DISPLAY_TOLERANCE"]
    plan = plan_import(records, known, level, allow_new, existing, tolerance)
    if plan.problems:
        raise DomainError(
            "Berkas batas wilayah ditolak; tidak ada yang diubah.", fields=plan.problems
        )
    report = dict(plan.report, dry_run=dry_run)
    if dry_run:
        return report
    label = (source or path.name)[:200]
    _add_new_areas(plan, known)
    skip = _official_codes() if keep_official else set()
    changed = _store(plan.shapes, plan.display, label, skip)
    for dissolved_level, geometries in plan.dissolved.items():
        dissolved_label = label if label == APPROXIMATE else f"{label} ({dissolved_level})"[:200]
        changed |= _store(
            geometries, plan.dissolved_display[dissolved_level], dissolved_label, skip
        )
    report["revision"] = bump_revision()
    report["stored"] = len(changed)
    if current_app.config.get("GEODATA_BUILD_ON_IMPORT", True):
        # The map's TopoJSON for the new revision inside the import itself (benches); by
        # default the write boundary queues relief.areas.tasks.rebuild_geometry_caches.
        report["topologies"] = build_display_topologies()
    changes.note_geometry(changed)
    return report


def _existing_villages(codes: set[str], level: str | None) -> dict[str, object]:
    """Stored shapes of the other villages of the districts a village file touches,
    and of the other districts of the regencies it touches."""
    districts = {c[:8] for c in codes if c.count(".") == 3}
    if not districts or level not in (None, "village"):
        return {}
    regencies = {d[:5] for d in districts}
    stmt = select(Area.code, Area.geom).where(
        Area.geom.is_not(None),
        or_(
            and_(
                Area.level == "village", Area.district_code.in_(districts), Area.code.not_in(codes)
            ),
            and_(
                Area.level == "district",
                Area.regency_code.in_(regencies),
                Area.code.not_in(districts),
            ),
        ),
    )
    return {r.code: shapely.from_wkb(r.geom) for r in db.session.execute(stmt)}


def _official_codes() -> set[str]:
    stmt = select(Area.code).where(
        Area.geometry_source.is_not(None), Area.geometry_source != APPROXIMATE
    )
    return set(db.session.scalars(stmt))


def _add_new_areas(plan, known: dict[str, KnownArea]) -> None:
    for code in plan.new_codes:
        parent = known[code.rsplit(".", 1)[0]]
        db.session.add(
            Area(
                code=code,
                name=(plan.names.get(code) or code)[:120],
                level=plan.level,
                parent_code=parent.code,
                regency_code=code[:5],
                district_code=code[:8]
                if plan.level == "village"
                else (code if plan.level == "district" else None),
                **area_facts(plan.shapes[code]),
            )
        )
    db.session.flush()


def _store(
    geometries: dict[str, object], display: dict[str, object], label: str, skip: set[str]
) -> set[str]:
    """Bulk-update geometry columns by primary key; returns the codes written."""
    wanted = {c: g for c, g in geometries.items() if c not in skip}
    if not wanted:
        return set()
    fields = geometry_fields(wanted, display)
    rows = [dict(code=code, geometry_source=label, **values) for code, values in fields.items()]
    db.session.execute(update(Area), rows)
    db.session.flush()
    return set(fields)


def load_approximate(path: Path = APPROXIMATE_FILE) -> dict:
    """Load the project's approximate polygons under any official shapes already imported."""
    return import_boundaries(path, level="village", source=APPROXIMATE, keep_official=True)
