"""Reading official boundary files into plain (code, name, geometry) records (no Flask, no DB).

Reads GeoJSON, Shapefiles (bare or zipped, junk beside them ignored), GeoPackages and
FlatGeobuf through geopandas + pyogrio, each only with its own driver (boundary_safety),
reprojects to EPSG:4326, recognises Kemendagri codes written dotted, undotted or as OCHA
p-codes, and repairs invalid geometries.
"""

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from relief.areas.boundary_safety import (
    READABLE,
    BoundaryFileError,
    check_archive,
    check_format,
    check_region,
    parse_crs,
)

DEFAULT_MAX_EXPANDED = 300_000_000
SEGMENTS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}
LEVEL_SEGMENTS = {"regency": 2, "district": 3, "village": 4}
CODE_FIELD_HINTS = ("code", "kode", "kd", "pcode", "adm4_pcode", "adm3_pcode", "adm2_pcode")
NAME_FIELD_HINTS = ("name", "nama", "desa", "kelurahan", "adm4_id", "adm4_en", "village")


@dataclass
class BoundaryRecords:
    """What a boundary file holds, reprojected and repaired."""

    codes: list[str | None]
    raw_codes: list[str]
    names: list[str | None]
    geometries: list
    repaired: int = 0
    source_crs: str = ""
    code_field: str = ""
    name_field: str | None = None
    notes: list[str] = field(default_factory=list)


def normalise_code(value: object) -> str | None:
    """A dotted Kemendagri code from dotted, undotted or OCHA p-code (`ID3602252004`) text."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().upper()
    if text.startswith("ID"):
        text = text[2:]
    if re.fullmatch(r"\d{2}(\.\d{2}){0,2}(\.\d{4})?", text):
        return text
    if text.isdigit() and len(text) in SEGMENTS:
        parts, start = [], 0
        for size in SEGMENTS[len(text)]:
            parts.append(text[start : start + size])
            start += size
        return ".".join(parts)
    return None


def level_of(code: str) -> str | None:
    """The level a dotted code names, from its number of segments."""
    segments = code.count(".") + 1
    return {2: "regency", 3: "district", 4: "village"}.get(segments)


def open_source(path: Path, workdir: Path, max_expanded: int = DEFAULT_MAX_EXPANDED) -> Path:
    """The readable file behind `path`; a zip is checked, unpacked into `workdir`, searched."""
    if path.suffix.lower() != ".zip":
        return path
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            check_archive(members, max_expanded)
            for member in members:
                target = (workdir / member.filename).resolve()
                if not str(target).startswith(str(workdir.resolve())):
                    raise BoundaryFileError("Arsip zip berisi jalur yang tidak aman.")
            archive.extractall(workdir)
    except zipfile.BadZipFile as err:
        raise BoundaryFileError("Berkas zip rusak.") from err
    found = sorted(
        p for p in workdir.rglob("*") if p.suffix.lower() in READABLE and "__MACOSX" not in p.parts
    )
    if not found:
        raise BoundaryFileError("Zip tidak berisi Shapefile, GeoPackage atau GeoJSON.")
    if len(found) > 1:
        shapefiles = [p for p in found if p.suffix.lower() == ".shp"]
        if len(shapefiles) != 1:
            raise BoundaryFileError("Zip berisi lebih dari satu berkas batas wilayah.")
        return shapefiles[0]
    return found[0]


def read_frame(
    path: Path,
    layer: str | None = None,
    source_crs: str | None = None,
    region: tuple[float, float, float, float] | None = None,
    max_expanded: int = DEFAULT_MAX_EXPANDED,
):
    """(GeoDataFrame in EPSG:4326, original CRS) from any supported file (zip unpacked).

    With `region` (lon/lat bounds), coordinates outside it under the file's CRS are refused.
    """
    crs = parse_crs(source_crs) if source_crs else None
    with tempfile.TemporaryDirectory(prefix="relief-boundaries-") as tmp:
        source = open_source(path, Path(tmp), max_expanded)
        check_format(source)
        if layer is not None and layer not in [row[0] for row in pyogrio.list_layers(source)]:
            raise BoundaryFileError(f"Layer {layer!r} tidak ada dalam berkas.", "layer")
        try:
            frame = gpd.read_file(source, layer=layer, engine="pyogrio")
        except Exception as err:  # pyogrio raises many kinds of DataSourceError
            raise BoundaryFileError(f"Berkas tidak dapat dibaca: {type(err).__name__}.") from err
    if crs is not None:
        frame = frame.set_crs(crs, allow_override=True)
    elif frame.crs is None:
        raise BoundaryFileError(
            "Berkas tidak menyebut sistem koordinat (CRS); berikan --source-crs, mis. EPSG:32748.",
            "source_crs",
        )
    if region is not None and len(frame):
        check_region(tuple(frame.total_bounds), frame.crs, region)
    crs_name = frame.crs.to_string()
    try:
        frame = frame if frame.crs.to_epsg() == 4326 else frame.to_crs("EPSG:4326")
    except Exception as err:  # pyproj cannot map this CRS to longitude and latitude
        raise BoundaryFileError(
            f"CRS {crs_name[:40]} tidak dapat diubah ke EPSG:4326.", "source_crs"
        ) from err
    return frame, crs_name


def pick_field(frame, wanted: str | None, hints: tuple[str, ...], option: str) -> str | None:
    """The column named by the user, else the first whose lower-case name matches a hint."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if wanted:
        if wanted not in columns:
            raise BoundaryFileError(f"Kolom {wanted!r} tidak ada dalam berkas.", option)
        return wanted
    lowered = {c.lower(): c for c in columns}
    for hint in hints:
        if hint in lowered:
            return lowered[hint]
    return None


def guess_code_field(frame, known: set[str]) -> str | None:
    """The column whose values most often normalise to known codes."""
    best, best_hits = None, 0
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        values = frame[column].head(200)
        hits = sum(normalise_code(v) in known for v in values)
        if hits > best_hits:
            best, best_hits = column, hits
    return best


def repair(geometries: list) -> tuple[list, int]:
    """Valid (Multi)Polygons: invalid ones go through make_valid; returns them and the count."""
    result, repaired = [], 0
    for geometry in geometries:
        if geometry is not None and not shapely.is_valid(geometry):
            geometry = polygonal(shapely.make_valid(geometry))
            repaired += 1
        result.append(geometry)
    return result, repaired


def polygonal(geometry):
    """Only the polygon parts of a geometry (make_valid may add lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def read_boundaries(
    path: Path,
    known: set[str],
    layer: str | None = None,
    code_field: str | None = None,
    name_field: str | None = None,
    source_crs: str | None = None,
    region: tuple[float, float, float, float] | None = None,
    max_expanded: int = DEFAULT_MAX_EXPANDED,
) -> BoundaryRecords:
    """Codes, names and repaired EPSG:4326 geometries of every feature of a boundary file."""
    frame, crs_name = read_frame(path, layer, source_crs, region, max_expanded)
    column = pick_field(frame, code_field, CODE_FIELD_HINTS, "code_field")
    if column is None or (not code_field and not _mostly_codes(frame[column])):
        column = guess_code_field(frame, known)
    if column is None:
        raise BoundaryFileError(
            "Tidak ada kolom berisi kode wilayah; berikan --code-field.", "code_field"
        )
    name_column = pick_field(frame, name_field, NAME_FIELD_HINTS, "name_field")
    raw = [str(v) for v in frame[column]]
    names = (
        [None if pd.isna(v) else str(v) for v in frame[name_column]]
        if name_column
        else [None] * len(frame)
    )
    geometries, repaired = repair(list(frame.geometry.values))
    return BoundaryRecords(
        codes=[normalise_code(v) for v in frame[column]],
        raw_codes=raw,
        names=names,
        geometries=geometries,
        repaired=repaired,
        source_crs=crs_name,
        code_field=column,
        name_field=name_column,
    )


def _mostly_codes(values) -> bool:
    sample = list(values.head(200))
    return bool(sample) and sum(normalise_code(v) is not None for v in sample) * 2 >= len(sample)
