"""Checking imported boundaries against the known hierarchy and preparing what to store (pure).

The plan holds every problem (the import is refused when there is one) and a report:
counts per regency, repaired geometries, codes matched, unmatched and missing.
"""

from collections import Counter
from dataclasses import dataclass, field

import shapely
import shapely.errors
from pyproj import Geod

from relief.areas.boundary_files import BoundaryRecords, level_of
from relief.areas.geometry import DEFAULT_DISPLAY_TOLERANCE, display_geometries

PARENT_LEVEL = {"village": "district", "district": "regency", "regency": "province"}
SAMPLE = 20
SLIVER_HOLE_AREA = 1e-6  # square degrees, about 1.2 ha: smaller holes in a union are gaps
_GEOD = Geod(ellps="WGS84")


@dataclass
class KnownArea:
    """What the plan needs to know about an area already in the database."""

    code: str
    level: str
    name: str
    regency_code: str | None
    district_code: str | None


@dataclass
class ImportPlan:
    """Rows to write (code -> geometry fields) and the report; refused when `problems`."""

    level: str
    shapes: dict[str, object] = field(default_factory=dict)
    names: dict[str, str | None] = field(default_factory=dict)
    new_codes: list[str] = field(default_factory=list)
    display: dict[str, object] = field(default_factory=dict)  # simplified, shared edges kept
    dissolved: dict[str, dict[str, object]] = field(default_factory=dict)  # level -> code -> geom
    dissolved_display: dict[str, dict[str, object]] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    report: dict = field(default_factory=dict)

    def refuse(self, key: str, message: str) -> None:
        """Record a reason to refuse the whole import."""
        self.problems.setdefault(key, []).append(message)


def plan_import(
    records: BoundaryRecords,
    known: dict[str, KnownArea],
    level: str | None,
    allow_new: bool,
    existing_villages: dict[str, object] | None = None,
    tolerance: float = DEFAULT_DISPLAY_TOLERANCE,
) -> ImportPlan:
    """Validate codes, levels, duplicates and parents; simplify; dissolve upwards; report.

    Upper levels are dissolved from the detailed shapes (`existing_villages` holds the stored
    shapes of the other villages of touched districts and other districts of touched
    regencies), then simplified together per level.
    """
    plan = ImportPlan(level=level or _infer_level(records.codes) or "village")
    # Feature numbers, never the values: an error page must not echo a file's content.
    unreadable = [number for number, code in enumerate(records.codes, start=1) if code is None]
    if unreadable:
        plan.refuse(
            "codes",
            f"{len(unreadable)} nilai kolom {records.code_field!r} bukan kode "
            f"wilayah, mis. fitur ke-{', '.join(map(str, unreadable[:5]))}",
        )
    wrong_level = [c for c in records.codes if c and level_of(c) != plan.level]
    if wrong_level:
        plan.refuse(
            "level", f"{len(wrong_level)} kode bukan tingkat {plan.level}, mis. {wrong_level[:5]}"
        )
    counts = Counter(c for c in records.codes if c)
    duplicates = sorted(c for c, n in counts.items() if n > 1)
    if duplicates:
        plan.refuse("duplicates", f"kode ganda: {duplicates[:SAMPLE]}")
    for code, name, geometry in zip(records.codes, records.names, records.geometries, strict=True):
        if code is None:
            continue
        if geometry is None or geometry.is_empty:
            plan.refuse("geometry", f"{code}: geometri kosong atau bukan poligon")
            continue
        plan.shapes[code] = geometry
        plan.names[code] = name
    unmatched = sorted(c for c in plan.shapes if c not in known)
    _check_new(plan, unmatched, known, allow_new)
    if plan.problems:
        return plan
    codes = list(plan.shapes)
    plan.display = dict(
        zip(codes, display_geometries([plan.shapes[c] for c in codes], tolerance), strict=True)
    )
    if plan.level == "village":
        plan.dissolved = _dissolve_upwards(plan.shapes, existing_villages or {})
    elif plan.level == "district":
        plan.dissolved = {"regency": _dissolve(plan.shapes, lambda c: c[:5])}
    for upper, shapes in plan.dissolved.items():
        upper_codes = list(shapes)
        simplified = display_geometries([shapes[c] for c in upper_codes], tolerance)
        plan.dissolved_display[upper] = dict(zip(upper_codes, simplified, strict=True))
    plan.report = _report(plan, records, known, unmatched)
    return plan


def _infer_level(codes: list[str | None]) -> str | None:
    levels = Counter(level_of(c) for c in codes if c)
    return levels.most_common(1)[0][0] if levels else None


def _check_new(
    plan: ImportPlan, unmatched: list[str], known: dict[str, KnownArea], allow_new: bool
) -> None:
    if unmatched and not allow_new:
        plan.refuse(
            "unmatched",
            f"{len(unmatched)} kode di luar hierarki wilayah: "
            f"{unmatched[:SAMPLE]} (gunakan --allow-new untuk menambah)",
        )
        return
    parent_level = PARENT_LEVEL[plan.level]
    for code in unmatched:
        parent = code.rsplit(".", 1)[0]
        if parent not in known or known[parent].level != parent_level:
            plan.refuse("unmatched", f"{code}: induk {parent} tidak dikenal")
    plan.new_codes = unmatched


def _dissolve(shapes: dict[str, object], parent_of) -> dict[str, object]:
    groups: dict[str, list] = {}
    for code, geometry in shapes.items():
        groups.setdefault(parent_of(code), []).append(geometry)
    return {code: _union(parts) for code, parts in groups.items()}


def _union(parts: list):
    """Fast coverage union for clean coverages (approximate shapes), general union otherwise."""
    try:
        merged = shapely.coverage_union_all(parts)
        if shapely.is_valid(merged):
            return merged
    except shapely.errors.GEOSException:
        pass
    return without_slivers(shapely.union_all(parts))


def without_slivers(geometry, min_hole_area: float = SLIVER_HOLE_AREA):
    """Drop the interior rings a union leaves along the thin gaps between villages.

    The real Banten file gives about 5,900 such holes across 155 districts; they carry no
    meaning, and simplifying around them costs seven times more.
    """
    polygons = []
    for polygon in shapely.get_parts(geometry):
        holes = [ring for ring in polygon.interiors if shapely.Polygon(ring).area >= min_hole_area]
        polygons.append(shapely.Polygon(polygon.exterior, holes))
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _dissolve_upwards(villages: dict[str, object], existing: dict[str, object]) -> dict:
    """Districts from every village shape they have (imported first), regencies from districts.

    `existing` holds stored shapes of the other villages of touched districts and of
    the other districts of touched regencies.
    """
    touched = {code[:8] for code in villages}
    merged = {c: g for c, g in existing.items() if c.count(".") == 3}
    merged.update(villages)
    districts = _dissolve({c: g for c, g in merged.items() if c[:8] in touched}, lambda c: c[:8])
    all_districts = {c: g for c, g in existing.items() if c.count(".") == 2}
    all_districts.update(districts)
    return {"district": districts, "regency": _dissolve(all_districts, lambda c: c[:5])}


def _report(
    plan: ImportPlan, records: BoundaryRecords, known: dict[str, KnownArea], unmatched: list[str]
) -> dict:
    same_level = {c for c, a in known.items() if a.level == plan.level}
    regencies: dict[str, dict] = {}
    for code in plan.shapes:
        regency = code[:5]
        entry = regencies.setdefault(
            regency,
            {
                "name": known[regency].name if regency in known else regency,
                "features": 0,
            },
        )
        entry["features"] += 1
    missing = sorted(same_level - set(plan.shapes))
    return {
        "level": plan.level,
        "features": len(records.codes),
        "source_crs": records.source_crs,
        "code_field": records.code_field,
        "name_field": records.name_field,
        "repaired": records.repaired,
        "matched": len(set(plan.shapes) & same_level),
        "unmatched": len(unmatched),
        "unmatched_sample": unmatched[:SAMPLE],
        "missing": len(missing),
        "missing_sample": missing[:SAMPLE],
        "new": len(plan.new_codes),
        "dissolved": {lvl: len(geoms) for lvl, geoms in plan.dissolved.items()},
        "per_regency": dict(sorted(regencies.items())),
    }


def geometry_fields(geometries: dict[str, object], display: dict[str, object]) -> dict[str, dict]:
    """Code -> WKB geometry, WKB display geometry and bounding box, for storage."""
    codes = list(geometries)
    shapes = [geometries[c] for c in codes]
    display = [display[c] for c in codes]
    bounds = shapely.bounds(shapes)
    wkb = shapely.to_wkb(shapes)
    display_wkb = shapely.to_wkb(display)
    return {
        code: {
            "geom": wkb[i],
            "display_geom": display_wkb[i],
            "min_lon": float(bounds[i][0]),
            "min_lat": float(bounds[i][1]),
            "max_lon": float(bounds[i][2]),
            "max_lat": float(bounds[i][3]),
        }
        for i, code in enumerate(codes)
    }


def area_facts(geometry) -> dict:
    """Geodesic area in km² and an interior point for an area added by an import."""
    point = shapely.point_on_surface(geometry)
    area_m2 = abs(_GEOD.geometry_area_perimeter(geometry)[0])
    return {"area_km2": round(area_m2 / 1e6, 3), "lat": round(point.y, 6), "lon": round(point.x, 6)}
