"""What a boundary upload may make GDAL do: open one expected format, in the expected place.

GDAL picks a driver from a file's content, not its name: a `.geojson` holding an
`<OGRVRTDataSource>` would make it read server files (`CSV:/etc/passwd`) or fetch URLs
(`/vsicurl/`). Here every file is matched by its first bytes to the one format its name
promises, and the driver GDAL then reports must be that format's, before any feature is read.
Coordinates must also land in the expected region for the CRS the file declares.
"""

from pathlib import Path

import pyogrio
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError


class BoundaryFileError(ValueError):
    """A boundary file that cannot be read as asked; `field` names the option at fault."""

    def __init__(self, message: str, field: str = "file") -> None:
        super().__init__(message)
        self.field = field


# Name ending -> (GDAL driver, test of the first bytes).
FORMATS = {
    ".geojson": ("GeoJSON", lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"),
    ".json": ("GeoJSON", lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"),
    ".gpkg": ("GPKG", lambda head: head.startswith(b"SQLite format 3\x00")),
    ".shp": ("ESRI Shapefile", lambda head: head[:4] == b"\x00\x00\x27\x0a"),
    ".fgb": ("FlatGeobuf", lambda head: head[:3] == b"fgb"),
}
READABLE = tuple(FORMATS)
# Projected CRSs a Indonesian boundary file plausibly uses: UTM 46-54 north and south
# (WGS 84), then geographic WGS 84 and Web Mercator.
CANDIDATE_CRS = (
    [f"EPSG:{32700 + zone}" for zone in range(46, 55)]
    + [f"EPSG:{32600 + zone}" for zone in range(46, 55)]
    + ["EPSG:4326", "EPSG:3857"]
)


def check_format(source: Path) -> str:
    """The GDAL driver for `source`, after checking its bytes match its name; refuses others."""
    text = str(source)
    if text.startswith("/vsi") or "://" in text or ":" in source.name:
        raise BoundaryFileError("Jalur berkas tidak diizinkan.")
    expected = FORMATS.get(source.suffix.lower())
    if expected is None:
        raise BoundaryFileError("Jenis berkas tidak dikenal (GeoJSON, .shp, .zip, .gpkg, .fgb).")
    driver, matches = expected
    with source.open("rb") as handle:
        head = handle.read(64)
    if not matches(head):
        raise BoundaryFileError(f"Isi berkas bukan {driver} seperti namanya.")
    try:
        found = pyogrio.read_info(source)["driver"]
    except Exception as err:  # pyogrio raises many kinds of DataSourceError
        raise BoundaryFileError(f"Berkas tidak dapat dibaca: {type(err).__name__}.") from err
    if found != driver:
        raise BoundaryFileError(f"Isi berkas bukan {driver} seperti namanya.")
    return driver


def check_archive(members, max_expanded: int) -> None:
    """Refuse a zip whose members together expand past `max_expanded` bytes (before any
    extraction; zipfile stops a member that inflates past its declared size)."""
    total = sum(m.file_size for m in members)
    if total > max_expanded:
        raise BoundaryFileError(
            f"Arsip zip terlalu besar setelah dibuka ({total // 1_000_000} MB; "
            f"batas {max_expanded // 1_000_000} MB)."
        )


def parse_crs(text: str) -> CRS:
    """A CRS from user input such as `EPSG:32748`; unknown codes refused on `source_crs`."""
    try:
        return CRS.from_user_input(text)
    except CRSError as err:
        raise BoundaryFileError(f"CRS {text[:40]!r} tidak dikenal.", "source_crs") from err


def _within(bounds, region) -> bool:
    minx, miny, maxx, maxy = bounds
    return minx >= region[0] and miny >= region[1] and maxx <= region[2] and maxy <= region[3]


def _lonlat_bounds(bounds, crs) -> tuple[float, float, float, float] | None:
    try:
        transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        result = transformer.transform_bounds(*bounds)
    except Exception:  # noqa: BLE001 - a CRS that cannot map these numbers fits nothing
        return None
    return result if all(abs(v) != float("inf") and v == v for v in result) else None


def likely_crs(bounds, region) -> list[str]:
    """Candidate CRSs under which raw `bounds` land inside `region` (lon/lat)."""
    found = []
    for candidate in CANDIDATE_CRS:
        lonlat = _lonlat_bounds(bounds, candidate)
        if lonlat is not None and _within(lonlat, region):
            found.append(candidate)
    return found


def check_region(raw_bounds, crs, region) -> None:
    """Refuse coordinates that do not fall in `region` under the declared CRS, naming the
    CRS they most likely are in."""
    lonlat = _lonlat_bounds(raw_bounds, crs)
    if lonlat is not None and _within(lonlat, region):
        return
    name = crs.to_string() if hasattr(crs, "to_string") else str(crs)
    others = [c for c in likely_crs(raw_bounds, region) if c != name]
    hint = (
        f" Kemungkinan CRS-nya {others[0]}; unggah lagi dengan CRS sumber {others[0]}."
        if others
        else " Periksa CRS berkas."
    )
    raise BoundaryFileError(
        f"Koordinat berkas tidak jatuh di wilayah yang diharapkan untuk {name}.{hint}",
        "source_crs",
    )
