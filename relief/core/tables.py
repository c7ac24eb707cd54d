"""Opening uploaded tables (CSV, XLSX) within stated limits, before any parsing cost.

Limits (README, Bulk imports): the upload's size (`IMPORT_MAX_BYTES`), an XLSX's expanded
size as its zip directory declares it (`IMPORT_MAX_XLSX_EXPANDED_BYTES`), and the number of
rows read (the importer's MAX_ROWS; one more is read to notice a longer file).
"""

import io
import itertools
import re
import zipfile

from flask import current_app, has_app_context
from flask_babel import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

DEFAULT_MAX_XLSX_EXPANDED = 10_000_000


class _LazySheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its size first: openpyxl would parse a sheet
    without a <dimension> element to its end before giving the first row."""

    def _get_size(self) -> None:
        return None


class UnreadableTable(ValueError):
    """An upload that is too large or cannot be read as the table its name promises."""


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refused past IMPORT_MAX_BYTES without reading further."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise UnreadableTable(_("Berkas lebih besar dari %(n)s MB.", n=f"{limit / 1_000_000:g}"))
    return content


def xlsx_rows(content: bytes, max_rows: int):
    """Up to `max_rows` + 1 rows (tuples of cell values) of an XLSX's first sheet."""
    limit = (
        current_app.config["IMPORT_MAX_XLSX_EXPANDED_BYTES"]
        if has_app_context()
        else DEFAULT_MAX_XLSX_EXPANDED
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(m.file_size for m in archive.infolist()) > limit:
                raise UnreadableTable(_("Isi XLSX terlalu besar setelah dibuka."))
            rows = max(
                (
                    _row_count(archive.read(m))
                    for m in archive.infolist()
                    if m.filename.startswith("xl/worksheets/")
                ),
                default=0,
            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        if isinstance(err, UnreadableTable):
            raise
        raise UnreadableTable(_("Berkas XLSX rusak atau bukan XLSX.")) from err
    if rows > max_rows + 1:
        raise UnreadableTable(_("Paling banyak %(n)d baris.", n=max_rows))
    try:
        sheet = _first_sheet(content)
        return list(itertools.islice(sheet.iter_rows(values_only=True), max_rows + 2))
    except UnreadableTable:
        raise
    except Exception as err:  # openpyxl raises KeyError, TypeError, zip and XML errors alike
        raise UnreadableTable(_("Berkas XLSX rusak atau bukan XLSX.")) from err


ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _row_count(sheet_xml: bytes) -> int:
    """Rows in a sheet's XML, counted by tag (far cheaper than parsing the cells)."""
    return len(ROW_TAG.findall(sheet_xml))


def _first_sheet(content: bytes) -> ReadOnlyWorksheet:
    """The first worksheet, its rows read lazily (workbook, strings and styles read first)."""
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    for sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return _LazySheet(reader.wb, sheet.name, rel.target, reader.shared_strings)
    raise UnreadableTable(_("Berkas XLSX tidak berisi lembar kerja."))
