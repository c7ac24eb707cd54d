"""Reading boundary files: formats, CRS, codes and repairs (no database)."""

import pytest
import shapely

from relief.areas.boundary_files import BoundaryFileError, normalise_code, read_boundaries
from tests.areas.conftest import CODES, square

KNOWN = set(CODES) | {"36.01.01", "36.01"}


def same_shape(a, b) -> bool:
    """Equal up to ring orientation, start vertex and 1e-6 degrees."""
    return shapely.normalize(a).equals_exact(shapely.normalize(b), tolerance=1e-6)


@pytest.mark.parametrize(
    "raw",
    ["36.02.25.2004", "3602252004", "ID3602252004", 3602252004, 3602252004.0, " id3602252004 "],
)
def test_codes_are_recognised_dotted_undotted_and_as_ocha_pcodes(raw):
    assert normalise_code(raw) == "36.02.25.2004"


@pytest.mark.parametrize("raw", ["36022520", "ID36X", "", None, "Desa 5"])
def test_codes_of_no_known_shape_are_not_recognised(raw):
    assert normalise_code(raw) is None


def test_projected_shapefile_is_reprojected_to_wgs84(golden):
    records = read_boundaries(golden("utm_shapefile"), KNOWN)
    assert records.codes == CODES
    assert "32748" in records.source_crs
    assert same_shape(records.geometries[0], square(0, 0))


def test_geopackage_with_odd_column_names_finds_the_code_column(golden):
    records = read_boundaries(golden("odd_gpkg"), KNOWN, layer="batas_desa")
    assert records.codes == CODES
    assert records.code_field == "KODE DESA (Kemendagri)"


def test_missing_geopackage_layer_is_refused(golden):
    with pytest.raises(BoundaryFileError) as err:
        read_boundaries(golden("odd_gpkg"), KNOWN, layer="nope")
    assert err.value.field == "layer"


def test_self_intersecting_ring_is_repaired_and_counted(golden):
    records = read_boundaries(golden("bowtie"), KNOWN)
    assert records.repaired == 1
    assert records.geometries[0].is_valid and records.geometries[0].area > 0


def test_file_without_crs_is_refused(golden):
    with pytest.raises(BoundaryFileError) as err:
        read_boundaries(golden("no_crs"), KNOWN)
    assert err.value.field == "source_crs"


def test_file_without_crs_is_read_with_a_given_source_crs(golden):
    records = read_boundaries(golden("no_crs"), KNOWN, source_crs="EPSG:32748")
    assert same_shape(records.geometries[3], square(1, 1))


def test_zipped_shapefile_with_junk_and_pcodes_is_read(golden):
    records = read_boundaries(golden("zip_with_junk"), KNOWN)
    assert records.codes == CODES
    assert records.code_field == "ADM4_PCODE"
