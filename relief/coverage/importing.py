"""Assessment files (CSV or XLSX): parse, validate every row, record all or nothing."""

import csv
import io
import itertools

from marshmallow import ValidationError

from relief.areas.queries import village_codes_exist
from relief.core.tables import xlsx_rows
from relief.coverage.schemas import AssessmentInSchema

COLUMNS = (
    "village_code",
    "assessed_at",
    "affected_persons",
    "displaced_persons",
    "households",
    "displaced_households",
    "houses_heavy",
    "houses_moderate",
    "houses_light",
    "deaths",
    "missing",
    "flood_depth_cm",
    "source",
    "severity",
    "severity_reason",
)
MAX_ROWS = 5000


def read_rows(filename: str, content: bytes) -> list[dict]:
    """Rows of a CSV or XLSX file as dicts of text, empty cells left out (at most
    MAX_ROWS + 1 rows are read: enough to refuse a longer file)."""
    if filename.lower().endswith(".xlsx"):
        values = xlsx_rows(content, MAX_ROWS)
        header = [str(h or "").strip() for h in values[0]] if values else []
        raw = [dict(zip(header, row, strict=False)) for row in values[1:]]
    else:
        text = content.decode("utf-8-sig")
        raw = list(itertools.islice(csv.DictReader(io.StringIO(text)), MAX_ROWS + 1))
    rows = []
    for item in raw[: MAX_ROWS + 1]:
        cleaned = {
            k: (v.isoformat() if hasattr(v, "isoformat") else str(v)).strip()
            for k, v in item.items()
            if k and v is not None and str(v).strip() != ""
        }
        if cleaned:
            rows.append(cleaned)
    return rows


def validate_rows(event_id: int, rows: list[dict]) -> tuple[list[dict], dict[int, dict]]:
    """(loaded rows, {row number: field messages}); row 2 is the first data row."""
    schema = AssessmentInSchema()
    loaded, errors = [], {}
    if len(rows) > MAX_ROWS:
        return [], {1: {"_file": [f"Lebih dari {MAX_ROWS} baris."]}}
    if not rows:
        return [], {1: {"_file": ["Berkas tidak berisi baris data."]}}
    for number, row in enumerate(rows, start=2):
        unknown = set(row) - set(COLUMNS)
        if unknown:
            errors[number] = {k: ["Kolom tidak dikenal."] for k in sorted(unknown)}
            continue
        try:
            loaded.append(schema.load({**row, "event_id": event_id}))
        except ValidationError as err:
            errors[number] = err.messages
    known = village_codes_exist({r["village_code"] for r in loaded})
    for number, row in enumerate(rows, start=2):
        if number not in errors and row.get("village_code") not in known:
            errors[number] = {"village_code": ["Bukan kode desa yang dikenal."]}
    return loaded, errors
