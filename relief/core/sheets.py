"""Tables for people as CSV and XLSX: headers in the reader's language, values as they read
them, XLSX with sensible column widths and the header rows frozen.

A column has a key (the row dict's), a label (a lazy string, translated when the file is
written, so in the request's language) and optionally an HXL hashtag: tables with hashtags
carry them as a second header row, the machine-readable names of the columns. Every cell
passes through `neutralise` (no spreadsheet formulas from user text).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from relief.core.spreadsheet import neutralise_row

WIDTH_MIN, WIDTH_MAX = 8, 60
WIDTH_SAMPLE = 2000  # rows measured for the column widths


@dataclass(frozen=True)
class Column:
    """One column of an exported table."""

    key: str
    label: object  # a (lazy) translated string
    tag: str = ""  # HXL hashtag, for tables that carry them


def header_rows(columns: Sequence[Column]) -> list[list[str]]:
    """The header (labels) and, when the columns have hashtags, the HXL row."""
    rows = [[str(c.label) for c in columns]]
    if any(c.tag for c in columns):
        rows.append([c.tag for c in columns])
    return rows


def _cells(row: dict, columns: Sequence[Column]) -> list:
    return neutralise_row("" if row.get(c.key) is None else row[c.key] for c in columns)


def csv_text(rows: Iterable[dict], columns: Sequence[Column]) -> str:
    """CSV text: the header rows, then the data."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(header_rows(columns))
    for row in rows:
        writer.writerow(_cells(row, columns))
    return out.getvalue()


def column_widths(table: list[list], sample: int = WIDTH_SAMPLE) -> list[float]:
    """Widths (in characters) that fit each column's longest value, within bounds (pure)."""
    widths: list[float] = []
    for row in table[:sample]:
        for index, value in enumerate(row):
            length = max(
                (len(part) for part in str("" if value is None else value).splitlines()), default=0
            )
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], length)
    return [min(WIDTH_MAX, max(WIDTH_MIN, w + 2)) for w in widths]


def xlsx_bytes(
    rows: Iterable[dict], columns: Sequence[Column], title: str, preamble: Sequence[Sequence] = ()
) -> bytes:
    """An XLSX workbook of one sheet: optional preamble lines (a title), the header rows in
    bold and frozen, then the data; columns as wide as their content (within bounds)."""
    heads = header_rows(columns)
    data = [_cells(row, columns) for row in rows]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(column_widths(heads + data), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{len(preamble) + len(heads) + 1}"
    for line in preamble:
        sheet.append(list(line))
    for head in heads:
        sheet.append([_bold(sheet, value) for value in head])
    for values in data:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
