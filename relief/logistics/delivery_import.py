"""Back-filling deliveries made where there was no signal: one file, all rows or none.

Each shipment of the file (rows sharing a `ref`) is created, dispatched and delivered
through the same services as the forms (guards, scope, plausibility, audit), and gets its
BAST when `received_by` is filled. Times are Western Indonesia Time as written on paper
("2020-01-05 14:30") unless they carry their own offset; BAST quantities are in the row's
unit, like the quantity. The shipment columns are those of the shipment import.
"""

from datetime import UTC, datetime

from flask_babel import gettext as _

from relief.catalog.queries import unit_factors
from relief.core.clock import WIB, utcnow
from relief.core.errors import DomainError
from relief.logistics import importer, rules, services
from relief.logistics.receipts import record_receipt
from relief.logistics.schemas import ShipmentCreateSchema

STEP_COLUMNS = ("dispatched_at", "delivered_at", "received_at", "received_by", "receiver_role")
LINE_COLUMNS = ("accepted", "rejected", "reason")
COLUMNS = (*importer.COLUMNS, *STEP_COLUMNS, *LINE_COLUMNS)
REQUIRED_STEPS = ("dispatched_at", "delivered_at")
TEMPLATE_ROWS = [
    (
        *importer.TEMPLATE_ROWS[0],
        "2020-01-05 08:00",
        "2020-01-05 14:30",
        "2020-01-05 14:45",
        "Dadang Suherman",
        "Kepala Desa",
        "19",
        "1",
        "karung basah",
    ),
    (
        *importer.TEMPLATE_ROWS[1],
        "2020-01-05 08:00",
        "2020-01-05 14:30",
        "2020-01-05 14:45",
        "Dadang Suherman",
        "Kepala Desa",
        "",
        "",
        "",
    ),
    (*importer.TEMPLATE_ROWS[2], "2020-01-06 07:30", "2020-01-06 11:00", "", "", "", "", "", ""),
]
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M")


def template_csv() -> str:
    """The CSV template of the delivery back-fill, with example rows."""
    return importer.table_csv(COLUMNS, TEMPLATE_ROWS)


def parse_moment(text: str) -> datetime | None:
    """A time as written on paper, in WIB unless it names its offset; None if unreadable."""
    text = text.strip().replace("T", " ", 1)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
        for pattern in TIME_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    return (moment.replace(tzinfo=WIB) if moment.tzinfo is None else moment).astimezone(UTC)


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if value == value and value >= 0 else None


def check_delivery_rows(rows: list[dict], event_id: int) -> importer.ImportCheck:
    """The shipment import's checks, then the dispatch, delivery and BAST columns of every
    row; `check.steps[ref]` holds what the commit records after creating the shipment."""
    result = importer.check_rows(rows, event_id, extra_shipment_level=STEP_COLUMNS)
    result.steps = {}
    factors = unit_factors()
    by_ref: dict[str, list[dict]] = {}
    for row in rows:
        by_ref.setdefault(row.get("ref", ""), []).append(row)
    for ref, ref_rows in by_ref.items():
        steps = _steps(ref_rows[0], result)
        lines = [
            _line(row, result.shipments.get(ref), index, factors, result)
            for index, row in enumerate(ref_rows)
        ]
        if steps is None or None in lines:
            result.shipments.pop(ref, None)
            continue
        steps["items"] = lines
        result.steps[ref] = steps
    result.problems.sort()
    return result


def _steps(row: dict, result) -> dict | None:
    """Dispatch, delivery and receipt times and receiver of one shipment (its first row)."""
    line, before, times = row["_line"], len(result.problems), {}
    now = utcnow()
    for column in ("dispatched_at", "delivered_at", "received_at"):
        text = row.get(column, "").strip()
        if not text:
            if column in REQUIRED_STEPS:
                result.add(line, column, _("Wajib diisi."))
            continue
        moment = parse_moment(text)
        if moment is None:
            result.add(
                line,
                column,
                _("Waktu tidak terbaca: '%(v)s'. Tulis seperti 2020-01-05 14:30 (WIB).", v=text),
            )
        elif rules.is_future(moment, now):
            result.add(line, column, _("Waktu tidak boleh di masa depan."))
        else:
            times[column] = moment
    order = [c for c in ("dispatched_at", "delivered_at", "received_at") if c in times]
    for earlier, later in zip(order, order[1:], strict=False):
        if times[later] < times[earlier]:
            result.add(line, later, _("Waktu ini tidak boleh sebelum %(c)s.", c=earlier))
    received_by = row.get("received_by", "").strip()
    if not received_by and (row.get("received_at") or row.get("receiver_role")):
        result.add(line, "received_by", _("Nama penerima wajib diisi bila ada berita acara."))
    if len(received_by) > 120 or len(row.get("receiver_role", "")) > 120:
        result.add(line, "received_by", _("Paling banyak %(n)d karakter.", n=120))
    if len(result.problems) > before:
        return None
    return {
        **times,
        "received_by": received_by,
        "receiver_role": row.get("receiver_role", "").strip(),
    }


def _line(row: dict, body: dict | None, index: int, factors: dict, result) -> dict | None:
    """One BAST line in base units from a row (the row's own unit); None when refused."""
    line, before = row["_line"], len(result.problems)
    values = {}
    for column in ("accepted", "rejected"):
        text = row.get(column, "").strip()
        if text:
            values[column] = _number(text)
            if values[column] is None:
                result.add(line, column, _("Jumlah harus angka, 0 atau lebih."))
    if body is None or len(result.problems) > before:
        return None
    if (values or row.get("reason")) and not row.get("received_by", "").strip():
        result.add(line, "received_by", _("Nama penerima wajib diisi bila ada berita acara."))
        return None
    item = body["items"][index]
    factor = factors[item["commodity"]][item["unit"]]
    rejected = values.get("rejected") or 0.0
    accepted = values.get("accepted")
    accepted = item["quantity"] - rejected if accepted is None else accepted
    reason = row.get("reason", "").strip()
    problems = rules.receipt_problems(item["quantity"], accepted, rejected, reason)
    for column, msgid in problems:
        result.add(line, column, _(msgid))
    if problems:
        return None
    return {
        "commodity": item["commodity"],
        "accepted": round(accepted * factor, 3),
        "rejected": round(rejected * factor, 3),
        "reason": reason,
    }


def record_deliveries(check: importer.ImportCheck, user) -> list:
    """Create, dispatch and deliver every checked shipment, with its BAST (flushes only;
    the caller's write boundary commits them all or none)."""
    created = []
    for ref, body in check.shipments.items():
        try:
            created.append(_record_one(body, check.steps[ref], user))
        except DomainError as err:
            err.ref = ref  # the page names the ref's first line
            raise
    return created


def _record_one(body: dict, steps: dict, user):
    shipment = services.create_shipment(
        ShipmentCreateSchema().load(body), user, planned_at=steps["dispatched_at"]
    )
    services.dispatch_shipment(shipment, shipment.version, steps["dispatched_at"], user)
    services.deliver_shipment(
        shipment, {"version": shipment.version, "delivered_at": steps["delivered_at"]}, user
    )
    if steps["received_by"]:
        record_receipt(
            shipment,
            steps["received_by"],
            steps["receiver_role"],
            steps.get("received_at") or steps["delivered_at"],
            None,
            None,
            steps["items"],
            "staff",
            user,
        )
    return shipment
