"""Bulk import of stock receipts (CSV/XLSX): check every row, then record all or none.

Reuses the shipment import's reader (relief.logistics.importer.read_rows) and its pending
upload between preview and commit; a file already imported (same bytes) is refused.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from relief.catalog.queries import unit_factors
from relief.core.clock import local_to_utc
from relief.core.models import utcnow
from relief.extensions import db
from relief.logistics.importer import MAX_ROWS, _number
from relief.logistics.models import Depot
from relief.stock.models import SOURCES, StockImport
from relief.stock.schemas import StockEntryInSchema

COLUMNS = ("depot", "commodity", "quantity", "unit", "source", "document_no", "received_at", "note")
# Indonesian headers, as staff write them, onto the column names (read_rows folds them).
HEADER_ALIASES = {
    "gudang": "depot",
    "origin_depot": "depot",
    "komoditas": "commodity",
    "barang": "commodity",
    "jumlah": "quantity",
    "satuan": "unit",
    "sumber": "source",
    "nomor_dokumen": "document_no",
    "no_dokumen": "document_no",
    "tanggal": "received_at",
    "tanggal_terima": "received_at",
    "catatan": "note",
}
REQUIRED = ("depot", "commodity", "quantity", "unit", "source", "document_no", "received_at")
TEMPLATE_ROWS = [
    (
        "BPBD Kabupaten Lebak",
        "rice",
        "400",
        "sack25",
        "bulog",
        "DO-BULOG/LBK/2020/014",
        "2020-01-02 08:00",
        "Gudang Rangkasbitung",
    ),
    (
        "BPBD Kabupaten Lebak",
        "clothing",
        "500",
        "set",
        "kemensos",
        "BAST-KEMENSOS/0107",
        "2020-01-02",
        "",
    ),
]


@dataclass
class StockImportCheck:
    """Problems by line and the entries (depot id, entry body) ready to record."""

    rows: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    entries: list[tuple[int, dict]] = field(default_factory=list)

    def add(self, line: int, column: str, message: str) -> None:
        """Note one problem."""
        self.problems.append((line, column, message))


def template_csv() -> str:
    """The CSV template with its header and example rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def _moment(text: str) -> datetime | None:
    """`2020-01-02` or `2020-01-02 08:00` (WIB, as staff read clocks) in UTC."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return local_to_utc(datetime.strptime(text, pattern))
        except ValueError:
            continue
    return None


def check_rows(rows: list[dict], user, digest: str) -> StockImportCheck:
    """Check every row against the depots of the user's organisation, the catalogue and the
    API's schema; and the file against those imported before."""
    result = StockImportCheck(rows=len(rows))
    earlier = db.session.scalar(select(StockImport).where(StockImport.content_sha256 == digest))
    if earlier is not None:
        result.add(
            0,
            "file",
            _(
                "Berkas ini sudah diimpor: %(f)s, %(t)s oleh %(u)s.",
                f=earlier.filename,
                u=earlier.imported_by,
                t=earlier.imported_at.strftime("%Y-%m-%d %H:%M UTC"),
            ),
        )
    if rows and (missing := [c for c in REQUIRED if c not in rows[0]]):
        result.add(1, ", ".join(missing), _("Kolom wajib tidak ada."))
        return result
    if len(rows) > MAX_ROWS:
        result.add(1, "-", _("Paling banyak %(n)d baris.", n=MAX_ROWS))
        return result
    stmt = select(Depot)
    if user is not None:
        stmt = stmt.where(Depot.organisation_id == user.organisation_id)
    depots = {d.name.lower(): d.id for d in db.session.scalars(stmt)}
    depots.update({str(i): i for i in depots.values()})
    factors = unit_factors()
    now = utcnow()
    for row in rows:
        line, before = row["_line"], len(result.problems)
        for column in REQUIRED:
            if not row.get(column):
                result.add(line, column, _("Wajib diisi."))
        depot_id = depots.get(row.get("depot", "").lower())
        if row.get("depot") and depot_id is None:
            result.add(line, "depot", _("Gudang tidak dikenal atau bukan milik organisasi Anda."))
        units = factors.get(row.get("commodity", ""))
        if row.get("commodity") and units is None:
            result.add(line, "commodity", _("Komoditas tidak dikenal."))
        elif units is not None and row.get("unit") and row["unit"] not in units:
            result.add(line, "unit", _("Satuan tidak dikenal untuk komoditas ini."))
        if row.get("source") and row["source"] not in SOURCES:
            result.add(line, "source", _("Sumber: %(s)s.", s=", ".join(SOURCES)))
        at = _moment(row.get("received_at", "")) if row.get("received_at") else None
        if row.get("received_at") and (at is None or at > now):
            result.add(
                line,
                "received_at",
                _("Tanggal TTTT-BB-HH (boleh dengan jam:menit WIB), tidak di masa depan."),
            )
        if len(result.problems) > before:
            continue
        body = {
            "kind": "receipt",
            "commodity": row["commodity"],
            "quantity": _number(row["quantity"]),
            "unit": row["unit"],
            "source": row["source"],
            "document_no": row["document_no"],
            "occurred_at": at.isoformat(),
            **({"note": row["note"]} if row.get("note") else {}),
        }
        try:
            result.entries.append((depot_id, StockEntryInSchema().load(body)))
        except ValidationError as err:
            for column, messages in err.messages.items():
                for message in messages if isinstance(messages, list) else [messages]:
                    result.add(line, column, _(str(message)))
    result.problems.sort()
    return result
