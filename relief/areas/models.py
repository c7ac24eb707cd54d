"""Areas keyed by their Kemendagri code, with optional boundary geometry stored as WKB."""

from sqlalchemy import Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import prefix_index
from relief.extensions import db

LEVELS = ("province", "regency", "district", "village")


class Area(db.Model):
    """A province, regency (kabupaten/kota), district (kecamatan) or village (desa/kelurahan)."""

    __tablename__ = "area"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    level: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str | None] = mapped_column(String(16))  # Desa, Kelurahan, Kabupaten, Kota, ...
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("area.code"))
    # Denormalised ancestors: filters by regency or district need no recursive join.
    regency_code: Mapped[str | None] = mapped_column(String(16))
    district_code: Mapped[str | None] = mapped_column(String(16))
    population: Mapped[int | None] = mapped_column(Integer)
    area_km2: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)  # interior point, not the centroid
    lon: Mapped[float | None] = mapped_column(Float)
    geom: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # WKB, EPSG:4326
    display_geom: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    geometry_source: Mapped[str | None] = mapped_column(String(200))  # "approximate" or a file

    __table_args__ = (
        Index("ix_area_level_parent", "level", "parent_code"),
        prefix_index("ix_area_code_prefix", "code"),
        Index("ix_area_regency", "regency_code", "level"),
        Index("ix_area_district", "district_code", "level"),
    )

    @property
    def is_village(self) -> bool:
        return self.level == "village"


class GeometryRevision(db.Model):
    """One row whose value changes with every boundary import: caches and the spatial index
    of every process compare it cheaply to notice imports made elsewhere."""

    __tablename__ = "geometry_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(String(32))
