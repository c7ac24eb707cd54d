"""Tabular exports: CSV with an HXL hashtag row under the header, and XLSX (openpyxl)."""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from relief.core.spreadsheet import neutralise_row

COVERAGE_COLUMNS = (
    ("village_code", "#adm4+code"), ("village_name", "#adm4+name"),
    ("district_code", "#adm3+code"), ("regency_code", "#adm2+code"),
    ("affected", "#affected+ind"), ("displaced", "#inneed+ind"),
    ("severity", "#severity+code"), ("commodity", "#item+code"),
    ("need", "#indicator+need+num"), ("delivered", "#indicator+delivered+num"),
    ("coverage_pct", "#indicator+coverage+pct"), ("as_of", "#date+reported"),
    ("band", "#indicator+band"),
)
# District and regency rows (`?level=district|regency`): the roll-up that cannot hide a
# village, with the sum-over-sum coverage beside it.
AREA_COVERAGE_COLUMNS = (
    ("level", "#meta+level"), ("area_code", "#loc+code"), ("area_name", "#loc+name"),
    ("commodity", "#item+code"), ("need", "#indicator+need+num"),
    ("delivered", "#indicator+delivered+num"), ("coverage_pct", "#indicator+coverage+pct"),
    ("band", "#indicator+band"), ("villages_assessed", "#indicator+villages+assessed+num"),
    ("villages_red", "#indicator+villages+red+num"),
    ("worst_village_code", "#adm4+code+worst"), ("worst_village_name", "#adm4+name+worst"),
    ("worst_village_coverage_pct", "#indicator+coverage+worst+pct"),
    ("as_of", "#date+reported"),
)
DELIVERY_COLUMNS = (
    ("shipment_id", "#meta+id"), ("delivered_at", "#date+occurred"),
    ("depot", "#org+impl+name"), ("commodity", "#item+code"), ("commodity_name", "#item+name"),
    ("quantity", "#value+num"), ("unit", "#item+unit"), ("regency_code", "#adm2+code"),
    ("district_code", "#adm3+code"), ("village_code", "#adm4+code"),
    ("village_name", "#adm4+name"), ("lat", "#geo+lat"), ("lon", "#geo+lon"),
    ("status", "#status"),
)


def _cells(row: dict, columns: Sequence[tuple[str, str]]) -> list:
    return neutralise_row("" if row.get(name) is None else row[name] for name, _ in columns)


def to_csv(rows: Iterable[dict], columns: Sequence[tuple[str, str]]) -> str:
    """CSV text: header row, HXL hashtag row, then the data."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _ in columns])
    writer.writerow([tag for _, tag in columns])
    for row in rows:
        writer.writerow(_cells(row, columns))
    return out.getvalue()


def to_xlsx(rows: Iterable[dict], columns: Sequence[tuple[str, str]], title: str) -> bytes:
    """An XLSX workbook with the same header and HXL rows as the CSV."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append([name for name, _ in columns])
    sheet.append([tag for _, tag in columns])
    for row in rows:
        sheet.append(_cells(row, columns))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
