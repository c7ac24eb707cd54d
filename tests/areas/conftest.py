"""Golden boundary files made by the tests themselves (never copied from ../shared)."""

import hashlib
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import select
from sqlalchemy.orm import undefer

from relief.areas.boundary_import import import_boundaries
from relief.areas.models import Area, GeometryRevision
from relief.extensions import db
from relief.unit_of_work import commit_write

# Four real village codes of Kecamatan Sumur, drawn as a 2 x 2 block of 0.01-degree squares.
CODES = ["36.01.01.2001", "36.01.01.2002", "36.01.01.2003", "36.01.01.2004"]
ORIGIN = (105.58, -6.67)
SIZE = 0.01


def square(col: int, row: int):
    """One cell of the block, lon/lat."""
    x, y = ORIGIN[0] + col * SIZE, ORIGIN[1] + row * SIZE
    return shapely.box(x, y, x + SIZE, y + SIZE)


def block_frame(codes=CODES, column="code"):
    """A GeoDataFrame of the block in EPSG:4326."""
    shapes = [square(i % 2, i // 2) for i in range(len(codes))]
    return gpd.GeoDataFrame(
        {column: codes, "nama": [f"Desa {i}" for i in range(len(codes))]},
        geometry=shapes,
        crs="EPSG:4326",
    )


@pytest.fixture
def golden(tmp_path):
    """Factory: write a golden file of a kind into tmp_path and return its path."""

    def make(kind: str) -> Path:
        frame = block_frame()
        if kind == "geojson":
            path = tmp_path / "block.geojson"
            frame.to_file(path, driver="GeoJSON")
        elif kind == "utm_shapefile":
            path = tmp_path / "block_utm.shp"
            frame.to_crs("EPSG:32748").to_file(path)
        elif kind == "odd_gpkg":
            path = tmp_path / "odd.gpkg"
            odd = frame.rename(columns={"code": "KODE DESA (Kemendagri)", "nama": "Nm_Desa"})
            odd["KODE DESA (Kemendagri)"] = [c.replace(".", "") for c in CODES]
            odd.to_file(path, layer="batas_desa", driver="GPKG")
        elif kind == "bowtie":
            frame.loc[0, "geometry"] = shapely.Polygon(
                [(105.58, -6.67), (105.59, -6.66), (105.59, -6.67), (105.58, -6.66)]
            )
            path = tmp_path / "bowtie.geojson"
            frame.to_file(path, driver="GeoJSON")
        elif kind == "no_crs":
            path = tmp_path / "nocrs.shp"
            with warnings.catch_warnings():  # pyogrio warns that the output has no CRS
                warnings.simplefilter("ignore", UserWarning)
                frame.to_crs("EPSG:32748").set_crs(None, allow_override=True).to_file(path)
        elif kind == "zip_with_junk":
            folder = tmp_path / "shp"
            folder.mkdir()
            pcoded = frame.assign(code=["ID" + c.replace(".", "") for c in CODES])
            pcoded.rename(columns={"code": "ADM4_PCODE"}).to_crs("EPSG:32748").to_file(
                folder / "desa.shp"
            )
            path = tmp_path / "desa.zip"
            with zipfile.ZipFile(path, "w") as archive:
                for part in folder.iterdir():
                    archive.write(part, f"export/{part.name}")
                archive.writestr("README.txt", "not a boundary")
                archive.writestr("__MACOSX/export/._desa.shp", "resource fork junk")
                archive.writestr("logo.png", b"\x89PNG junk")
        elif kind == "duplicate":
            path = tmp_path / "dup.geojson"
            block_frame(CODES[:3] + CODES[:1]).to_file(path, driver="GeoJSON")
        elif kind == "unknown_code":
            path = tmp_path / "new.geojson"
            block_frame(CODES[:3] + ["36.01.01.2999"]).to_file(path, driver="GeoJSON")
        else:
            raise ValueError(kind)
        return path

    return make


@pytest.fixture
def real_villages(app, shared_geodata, restore_areas):
    """The 1,552 real village polygons imported (and committed) once for the test."""
    path = shared_geodata / "banten_villages.geojson"
    with app.app_context():
        report = import_boundaries(path)
        commit_write()
    return path, report


def area_checksum() -> str:
    """A digest of every area row (geometry included) and the geometry revision."""
    digest = hashlib.sha256()
    columns = Area.__table__.columns
    for area in db.session.scalars(select(Area).options(undefer("*")).order_by(Area.code)):
        for column in columns:
            digest.update(repr(getattr(area, column.key)).encode())
    digest.update(repr(db.session.scalar(select(GeometryRevision.value))).encode())
    return digest.hexdigest()
