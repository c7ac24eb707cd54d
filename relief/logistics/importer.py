"""Bulk import of shipments from CSV or XLSX: parse, check every row, then create all or none.

One row per item; rows sharing a `ref` form one shipment, whose shipment-level columns
must agree. Line numbers are spreadsheet rows (the header is line 1). Cells take the names
people type (relief.logistics.import_names): "Beras" or "rice", "karung 25 kg" or "sack25",
a village code or its name with the kecamatan ("Banjarsari, Warunggunung" or a `district`
column); a refused value is answered with the values accepted.
"""

import csv
import functools
import io
import itertools
from dataclasses import dataclass, field

from flask_babel import gettext as _
from marshmallow import ValidationError

from relief.core.tables import xlsx_rows
from relief.logistics.import_names import Vocabulary
from relief.logistics.schemas import ShipmentCreateSchema

COLUMNS = (
    "ref",
    "origin_depot",
    "destination_code",
    "commodity",
    "quantity",
    "unit",
    "lot",
    "vehicle_plate",
    "driver_name",
    "driver_phone",
    "notes",
    "district",
)
REQUIRED = ("ref", "origin_depot", "destination_code", "commodity", "quantity", "unit")
SHIPMENT_LEVEL = (
    "origin_depot",
    "destination_code",
    "district",
    "vehicle_plate",
    "driver_name",
    "driver_phone",
    "notes",
)
# Headers as people write them, in either language, for the columns above.
HEADER_ALIASES = {
    "destination": "destination_code",
    "desa": "destination_code",
    "village": "destination_code",
    "tujuan": "destination_code",
    "kecamatan": "district",
    "kec": "district",
    "regency": "regency",
    "kabupaten": "regency",
    "kab": "regency",
    "kota": "regency",
    "komoditas": "commodity",
    "barang": "commodity",
    "jumlah": "quantity",
    "satuan": "unit",
    "gudang": "origin_depot",
    "depot": "origin_depot",
    "gudang_asal": "origin_depot",
}
MAX_ROWS = 5000
TEMPLATE_ROWS = [
    (
        "LBK-001",
        "BPBD Kabupaten Lebak",
        "Lebakgedong",
        "Beras",
        "20",
        "karung 25 kg",
        "",
        "A 1234 BC",
        "Asep Saepudin",
        "081234567890",
        "Posko balai desa",
        "Lebakgedong",
    ),
    (
        "LBK-001",
        "BPBD Kabupaten Lebak",
        "Lebakgedong",
        "Obat-obatan",
        "2",
        "dus isi 10 paket",
        "L2020-01",
        "A 1234 BC",
        "Asep Saepudin",
        "081234567890",
        "Posko balai desa",
        "Lebakgedong",
    ),
    (
        "LBK-002",
        "BPBD Kabupaten Lebak",
        "36.02.12.2001",
        "Pakaian",
        "100",
        "stel",
        "",
        "A 5678 KD",
        "Ujang Rahmat",
        "",
        "",
        "",
    ),
]


@dataclass
class ImportCheck:
    """The outcome of checking an upload: problems by line, and shipment bodies by ref,
    with the names of what the codes stand for (the preview shows names)."""

    rows: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    shipments: dict[str, dict] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # village code -> full name
    commodities: dict = field(default_factory=dict)  # code -> Commodity
    depots: dict[int, str] = field(default_factory=dict)  # id -> name
    steps: dict[str, dict] = field(default_factory=dict)  # ref -> dispatch/delivery/BAST

    def add(self, line: int, column: str, message: str) -> None:
        """Note one problem."""
        self.problems.append((line, column, message))


def table_csv(columns, rows) -> str:
    """A CSV with a header and rows (the downloadable templates)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def template_csv() -> str:
    """A CSV template with the header and example rows."""
    return table_csv(COLUMNS, TEMPLATE_ROWS)


def read_rows(filename: str, content: bytes, aliases: dict[str, str] | None = None) -> list[dict]:
    """Rows of a CSV (comma or semicolon) or XLSX file as dicts with a `_line` number.

    Header names are folded through `aliases` (the shipment import's by default), so that
    Indonesian headers map onto the column names the checks read.

    At most MAX_ROWS + 1 rows are read: enough for check_rows to refuse a longer file.
    """
    if filename.lower().endswith(".xlsx"):
        table = [
            ["" if v is None else str(v).strip() for v in row]
            for row in xlsx_rows(content, MAX_ROWS)
        ]
    else:
        text = content.decode("utf-8-sig", errors="replace")
        reader = csv.reader(io.StringIO(text), _dialect(text))
        table = [[cell.strip() for cell in row] for row in itertools.islice(reader, MAX_ROWS + 2)]
    if not table:
        return []
    header = [h.strip().lower().replace(" ", "_") for h in table[0]]
    aliases = HEADER_ALIASES if aliases is None else aliases
    header = [aliases.get(h, h) for h in header]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(values):
            continue
        row = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        row["_line"] = number
        rows.append(row)
    return rows


class _Semicolon(csv.excel):
    delimiter = ";"


def _dialect(text: str):
    """Comma or semicolon (spreadsheets in Indonesian locales write semicolons); rows of
    unequal length defeat csv.Sniffer, so the header line decides then."""
    if not text.strip():
        return "excel"
    try:
        return csv.Sniffer().sniff(text[:2048], delimiters=",;")
    except csv.Error:
        header = text.splitlines()[0]
        return _Semicolon if header.count(";") > header.count(",") else "excel"


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if value == value else None  # NaN


def check_rows(
    rows: list[dict], event_id: int, extra_shipment_level: tuple[str, ...] = ()
) -> ImportCheck:
    """Check every row; bodies are built only for shipments whose rows are all fine.
    `extra_shipment_level` names further columns that the rows of one ref must share."""
    result = ImportCheck(rows=len(rows))
    if rows and (missing := [c for c in REQUIRED if c not in rows[0]]):
        result.add(1, ", ".join(missing), _("Kolom wajib tidak ada."))
        return result
    if len(rows) > MAX_ROWS:
        result.add(1, "-", _("Paling banyak %(n)d baris.", n=MAX_ROWS))
        return result
    words = Vocabulary.load(rows, event_id)
    first: dict[str, dict] = {}
    bad_refs: set[str] = set()
    for row in rows:
        line, ref = row["_line"], row.get("ref", "")
        before = len(result.problems)
        for column in REQUIRED:
            if not row.get(column):
                result.add(line, column, _("Wajib diisi."))
        resolved = words.resolve_row(row, functools.partial(result.add, line))
        quantity = _number(row.get("quantity", ""))
        if row.get("quantity") and (quantity is None or quantity <= 0):
            result.add(line, "quantity", _("Jumlah harus angka lebih dari 0."))
        if ref in first:
            for column in (*SHIPMENT_LEVEL, *extra_shipment_level):
                if row.get(column, "") != first[ref].get(column, ""):
                    result.add(
                        line,
                        column,
                        _(
                            "Berbeda dengan baris %(n)d dengan ref yang sama.",
                            n=first[ref]["_line"],
                        ),
                    )
        else:
            first[ref] = row
        if len(result.problems) > before:
            bad_refs.add(ref)
            continue
        body = result.shipments.setdefault(
            ref,
            {
                "event_id": event_id,
                "origin_depot_id": resolved["depot_id"],
                "destination_code": resolved["village"],
                "items": [],
                **{
                    k: row[k]
                    for k in ("vehicle_plate", "driver_name", "driver_phone", "notes")
                    if row.get(k)
                },
            },
        )
        item = {"commodity": resolved["commodity"], "quantity": quantity, "unit": resolved["unit"]}
        if row.get("lot"):
            item["lot"] = row["lot"]
        body["items"].append(item)
    for ref in bad_refs:
        result.shipments.pop(ref, None)
    _check_bodies(result, rows)
    result.places, result.commodities, result.depots = words.names_for(result.shipments)
    result.problems.sort()
    return result


def _check_bodies(result: ImportCheck, rows: list[dict]) -> None:
    """Run each shipment body through the API's schema, so that preview and commit refuse the
    same things; a problem is named by the line of its item (or the ref's first line)."""
    lines: dict[str, list[int]] = {}
    for row in rows:
        lines.setdefault(row.get("ref", ""), []).append(row["_line"])
    for ref in list(result.shipments):
        try:
            ShipmentCreateSchema().load(result.shipments[ref])
        except ValidationError as err:
            result.shipments.pop(ref)
            for column, line, message in _flatten(err.messages, lines[ref]):
                result.add(line, column, message)


def _flatten(messages: dict, lines: list[int]):
    """(column, line, message) from a schema's messages; items map to their own lines."""
    for name, value in messages.items():
        if name == "items" and isinstance(value, dict):
            for index, item_messages in value.items():
                line = (
                    lines[int(index)]
                    if str(index).isdigit() and int(index) < len(lines)
                    else lines[0]
                )
                for column, texts in item_messages.items():
                    for text in texts if isinstance(texts, list) else [texts]:
                        yield column, line, str(text)
        else:
            for text in value if isinstance(value, list) else [value]:
                yield (
                    {"origin_depot_id": "origin_depot", "event_id": "-"}.get(name, name),
                    lines[0],
                    str(text),
                )
