"""Importing boundary files into the database: all or nothing, with a report."""

import pytest
import shapely
from sqlalchemy import select

from relief.areas.boundary_import import import_boundaries
from relief.areas.models import Area
from relief.core import changes
from relief.core.errors import DomainError
from relief.extensions import db
from tests.areas.conftest import CODES, area_checksum, square

pytestmark = pytest.mark.usefixtures("restore_areas")


def stored(code: str):
    """The stored shape of one area."""
    return shapely.from_wkb(db.session.scalar(select(Area.geom).where(Area.code == code)))


def test_import_replaces_village_shapes_and_reports(app_ctx, golden):
    report = import_boundaries(golden("utm_shapefile"))
    assert report["matched"] == 4 and report["unmatched"] == 0
    assert report["per_regency"]["36.01"]["features"] == 4
    assert report["missing"] == 1552 - 4
    assert abs(stored(CODES[3]).area - square(1, 1).area) < 1e-9
    assert db.session.get(Area, CODES[0]).geometry_source == "block_utm.shp"


def test_import_dissolves_the_district_from_its_villages(app_ctx, golden):
    import_boundaries(golden("geojson"))
    district = stored("36.01.01")
    assert district.contains(square(0, 0).buffer(-1e-4))
    assert district.is_valid


def test_import_notes_the_changed_codes_for_the_write_boundary(app_ctx, golden):
    import_boundaries(golden("geojson"))
    assert set(CODES) | {"36.01.01", "36.01"} <= changes.current().geometry


def test_dry_run_reports_without_changing_anything(app_ctx, golden):
    before = area_checksum()
    report = import_boundaries(golden("geojson"), dry_run=True)
    assert report["matched"] == 4 and report["dry_run"]
    assert area_checksum() == before


@pytest.mark.parametrize("kind", ["duplicate", "unknown_code", "no_crs"])
def test_bad_file_is_refused_and_leaves_the_area_table_as_it_was(app_ctx, golden, kind):
    before = area_checksum()
    with pytest.raises(DomainError):
        import_boundaries(golden(kind))
    db.session.rollback()
    assert area_checksum() == before


def test_duplicate_code_is_named_in_the_refusal(app_ctx, golden):
    with pytest.raises(DomainError) as err:
        import_boundaries(golden("duplicate"))
    assert CODES[0] in err.value.fields["duplicates"][0]


def test_unknown_code_is_added_with_allow_new(app_ctx, golden):
    report = import_boundaries(golden("unknown_code"), allow_new=True)
    added = db.session.get(Area, "36.01.01.2999")
    assert report["new"] == 1
    assert added.parent_code == "36.01.01" and added.area_km2 > 1
    assert shapely.contains_xy(stored("36.01.01.2999"), added.lon, added.lat)


def test_file_over_the_size_limit_is_refused(app_ctx, golden):
    app_ctx.config["GEODATA_IMPORT_MAX_BYTES"] = 100
    try:
        with pytest.raises(DomainError) as err:
            import_boundaries(golden("geojson"))
    finally:
        app_ctx.config["GEODATA_IMPORT_MAX_BYTES"] = 60_000_000
    assert err.value.status == 413


def test_level_mismatch_is_refused(app_ctx, golden):
    with pytest.raises(DomainError) as err:
        import_boundaries(golden("geojson"), level="district")
    assert "level" in err.value.fields
