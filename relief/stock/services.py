"""Stock writes (verb-first). Each adds ledger rows, flushes and queues its audit entry;
nothing is ever updated in place. Depots come in as plain `DepotRef`s (relief.logistics
owns the depot table and calls these)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, text

from relief.audit.overrides import record_overrides
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.catalog.models import Commodity
from relief.core import changes
from relief.core.errors import ConflictError, DomainError
from relief.core.formatting import local_name
from relief.core.models import utcnow
from relief.core.plausibility import Finding
from relief.events.models import Event
from relief.extensions import db
from relief.stock import queries
from relief.stock.ledger import shortages
from relief.stock.models import (
    LOSS_REASONS,
    SOURCES,
    StockEntry,
    StockImport,
    StockOverride,
    StockTracking,
)

STOCK = changes.STOCK
FUTURE_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class DepotRef:
    """What the ledger needs to know of a depot."""

    id: int
    name: str
    regency_code: str


class StockShortage(ConflictError):
    """More would leave the depot than its ledger holds (409 with the figures)."""

    code = "insufficient_stock"

    def __init__(self, depot: DepotRef, short: dict[str, tuple], commodities: dict[str, Commodity]):
        units = {c: commodities[c].base_unit for c in short if c in commodities}
        lines = [
            _(
                "%(c)s: stok %(a)s %(u)s, diminta %(r)s %(u)s",
                c=local_name(commodities[c]) if c in commodities else c,
                a=f"{a:,.3f}".rstrip("0").rstrip("."),
                r=f"{r:,.3f}".rstrip("0").rstrip("."),
                u=units.get(c, ""),
            )
            for c, (a, r) in short.items()
        ]
        message = _(
            "Stok gudang %(d)s tidak cukup (%(l)s). Catat penerimaan barang dulu, atau "
            "minta admin memberi izin melebihi stok dengan alasan.",
            d=depot.name,
            l="; ".join(lines),
        )
        super().__init__(
            message,
            {
                "shortages": [
                    {"commodity": c, "on_hand": a, "requested": r, "unit": units.get(c, "")}
                    for c, (a, r) in short.items()
                ]
            },
        )


def _actor(user) -> str:
    return getattr(user, "username", None) or "system"


def _commodity(code: str) -> Commodity:
    commodity = db.session.get(Commodity, code)
    if commodity is None:
        raise DomainError(_("Data tidak valid."), {"commodity": [_("Komoditas tidak dikenal.")]})
    return commodity


def to_base(commodity: Commodity, quantity: float, unit: str | None) -> tuple[float, str]:
    """A quantity in any unit of the commodity, in its base unit; refuses unknown units."""
    unit = unit or commodity.base_unit
    factors = {u.code: float(u.factor) for u in commodity.units}
    factors.setdefault(commodity.base_unit, 1.0)
    if unit not in factors:
        raise DomainError(
            _("Data tidak valid."), {"unit": [_("Satuan tidak dikenal untuk komoditas ini.")]}
        )
    return round(float(quantity) * factors[unit], 3), unit


def _note_stock(depot: DepotRef, action: str) -> None:
    """Note the depot's regency in every live event covering it (the stock_idle rule)."""
    for event in db.session.scalars(
        select(Event).where(Event.scenario_at.is_(None), Event.ended_at.is_(None))
    ):
        if depot.regency_code in (event.regency_codes or []):
            changes.note_villages(STOCK, action, event.id, {depot.regency_code})


def _start_tracking(depot: DepotRef, at: datetime, user) -> StockTracking | None:
    """A depot's first receipt or count starts its tracking at that moment, unless an admin
    already chose the moment (or chose not to track: a row with no time)."""
    if queries.tracking(depot.id) is not None:
        return None
    row = StockTracking(depot_id=depot.id, tracked_since=at, set_at=utcnow(), set_by=_actor(user))
    db.session.add(row)
    return row


# Advisory-lock namespace of depot ledgers (PostgreSQL): one writer per depot at a time.
_LEDGER_LOCK = 18_001


def _lock_ledger(depot_id: int) -> None:
    """Take the depot's ledger for the rest of the transaction, so that two dispatches racing
    for the last sacks cannot both pass the on-hand check. PostgreSQL only: on SQLite every
    writer already holds the database (BEGIN IMMEDIATE, relief.core.database)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, :depot)"),
            {"ns": _LEDGER_LOCK, "depot": depot_id},
        )


def record_entry(
    depot: DepotRef,
    data: dict,
    user=None,
    return_limit: float | None = None,
    import_id: int | None = None,
) -> StockEntry:
    """Record a receipt, return, loss or count typed by staff (quantities in any unit)."""
    _lock_ledger(depot.id)
    kind, commodity = data["kind"], _commodity(data["commodity"])
    at = data.get("occurred_at") or utcnow()
    if at > utcnow() + FUTURE_SLACK:
        raise DomainError(
            _("Data tidak valid."), {"occurred_at": [_("Waktu tidak boleh di masa depan.")]}
        )
    fields = {}
    if kind == "receipt" and data.get("source") not in SOURCES:
        fields["source"] = [_("Pilih sumber barang.")]
    if kind == "receipt" and not (data.get("document_no") or "").strip():
        fields["document_no"] = [_("Nomor dokumen (DO, BAST, kuitansi) wajib diisi.")]
    if kind == "loss" and data.get("reason") not in LOSS_REASONS:
        fields["reason"] = [_("Pilih sebab: rusak, busuk/kedaluwarsa atau hilang dicuri.")]
    if fields:
        raise DomainError(_("Data tidak valid."), fields)
    quantity, unit = to_base(commodity, data["quantity"], data.get("unit"))
    entry = StockEntry(
        depot_id=depot.id,
        commodity_code=commodity.code,
        kind=kind,
        occurred_at=at,
        recorded_at=utcnow(),
        quantity=data["quantity"],
        unit=unit,
        source=data.get("source") if kind == "receipt" else None,
        document_no=(data.get("document_no") or "").strip()[:80] or None,
        reason=data.get("reason") if kind == "loss" else None,
        note=(data.get("note") or "").strip(),
        shipment_id=data.get("shipment_id"),
        import_id=import_id,
        recorded_by=_actor(user),
    )
    started = _start_tracking(depot, at, user) if kind in ("receipt", "count") else None
    db.session.flush()
    if kind == "count":
        before = queries.on_hand_at(depot.id, at).get(commodity.code, 0.0)
        entry.on_hand_before, entry.counted_base = before, quantity
        entry.change_base = round(quantity - before, 3)
    elif kind == "loss":
        if queries.tracked_since(depot.id) is not None:
            short = shortages(
                {commodity.code: quantity}, queries.available_from(depot.id, at, [commodity.code])
            )
            if short:
                raise StockShortage(depot, short, {commodity.code: commodity})
        entry.change_base = -quantity
    else:
        if kind == "return" and return_limit is not None and quantity > return_limit + 1e-9:
            raise DomainError(
                _("Data tidak valid."),
                {
                    "quantity": [
                        _(
                            "Lebih dari barang yang ditolak pada BAST dan belum dikembalikan "
                            "(%(n)s %(u)s).",
                            n=f"{return_limit:g}",
                            u=commodity.base_unit,
                        )
                    ]
                },
            )
        entry.change_base = quantity
    db.session.add(entry)
    db.session.flush()
    record(
        f"stock_{kind}",
        "stock_entry",
        entry.id,
        {
            "depot_id": depot.id,
            "commodity": commodity.code,
            "change_base": entry.change_base,
            "counted_base": entry.counted_base,
            ROWS: state_of(entry, started),
        },
        actor=_actor(user),
    )
    _note_stock(depot, f"stock_{kind}")
    return entry


def record_dispatch(
    depot: DepotRef,
    shipment_id: int,
    requested: dict[str, float],
    at: datetime,
    event_id: int | None,
    village_code: str | None,
    user=None,
) -> list[StockEntry]:
    """Write the dispatch lines of a shipment leaving the depot (never typed by anyone).

    A stock-tracked depot refuses (409, with the figures) to send more than it holds from
    that moment on, unless an admin's override is in force: then the lines name it, and the
    override is kept as a flagged plausibility override of the shipment.
    """
    _lock_ledger(depot.id)
    since = queries.tracked_since(depot.id)
    override = None
    note = ""
    if since is not None and at >= since:
        short = shortages(requested, queries.available_from(depot.id, at, list(requested)))
        if short:
            override = queries.active_override(depot.id, list(short), utcnow())
            if override is None:
                raise StockShortage(
                    depot,
                    short,
                    {
                        c.code: c
                        for c in db.session.scalars(
                            select(Commodity).where(Commodity.code.in_(sorted(short)))
                        )
                    },
                )
            note = _(
                "Melebihi stok dengan izin admin (%(by)s): %(r)s",
                by=override.set_by,
                r=override.reason,
            )
            record_overrides(
                [
                    Finding(
                        "stock_on_hand",
                        "stock",
                        note,
                        {
                            "depot": depot.name,
                            "override_id": override.id,
                            "shortages": {
                                c: {"on_hand": a, "requested": r} for c, (a, r) in short.items()
                            },
                        },
                    )
                ],
                override.reason,
                "shipment",
                shipment_id,
                event_id,
                village_code,
            )
    entries = [
        StockEntry(
            depot_id=depot.id,
            commodity_code=c,
            kind="dispatch",
            occurred_at=at,
            recorded_at=utcnow(),
            change_base=-round(q, 3),
            shipment_id=shipment_id,
            override_id=override.id if override else None,
            note=note,
            recorded_by=_actor(user),
        )
        for c, q in sorted(requested.items())
    ]
    db.session.add_all(entries)
    db.session.flush()
    record(
        "stock_dispatch",
        "shipment",
        shipment_id,
        {
            "depot_id": depot.id,
            "lines": [[e.commodity_code, e.change_base] for e in entries],
            "override_id": override.id if override else None,
            ROWS: state_of(*entries),
        },
        actor=_actor(user),
    )
    return entries


def return_cancelled_dispatch(
    depot: DepotRef, shipment_id: int, at: datetime, user=None
) -> list[StockEntry]:
    """A cancelled shipment that had left brings its goods back (return lines)."""
    sent = db.session.scalars(
        select(StockEntry).where(
            StockEntry.shipment_id == shipment_id, StockEntry.kind == "dispatch"
        )
    )
    entries = [
        StockEntry(
            depot_id=depot.id,
            commodity_code=e.commodity_code,
            kind="return",
            occurred_at=at,
            recorded_at=utcnow(),
            change_base=-e.change_base,
            shipment_id=shipment_id,
            note=_("Pengiriman dibatalkan"),
            recorded_by=_actor(user),
        )
        for e in sent
    ]
    if entries:
        db.session.add_all(entries)
        db.session.flush()
        record(
            "stock_return",
            "shipment",
            shipment_id,
            {
                "depot_id": depot.id,
                "lines": [[e.commodity_code, e.change_base] for e in entries],
                ROWS: state_of(*entries),
            },
            actor=_actor(user),
        )
    return entries


def set_tracking(depot: DepotRef, tracked_since: datetime | None, user=None) -> StockTracking:
    """An admin chooses since when the depot's ledger is complete (None: not tracked).

    The row is the one place a stock setting changes; the change is audited with its author.
    """
    row = queries.tracking(depot.id)
    if row is None:
        row = StockTracking(depot_id=depot.id)
        db.session.add(row)
    row.tracked_since, row.set_at, row.set_by = tracked_since, utcnow(), _actor(user)
    db.session.flush()
    record(
        "stock_tracking",
        "depot",
        depot.id,
        {
            "tracked_since": tracked_since.isoformat() if tracked_since else None,
            ROWS: state_of(row),
        },
        actor=_actor(user),
    )
    _note_stock(depot, "stock_tracking")
    return row


def set_override(depot: DepotRef, data: dict, user=None) -> StockOverride:
    """An admin allows dispatches beyond the recorded stock for some hours, with a reason."""
    if data.get("commodity"):
        _commodity(data["commodity"])
    reason = (data.get("reason") or "").strip()
    if len(reason) < 5:
        raise DomainError(_("Data tidak valid."), {"reason": [_("Tulis alasannya.")]})
    now = utcnow()
    row = StockOverride(
        depot_id=depot.id,
        commodity_code=data.get("commodity"),
        reason=reason,
        set_by=_actor(user),
        set_at=now,
        valid_until=now + timedelta(hours=data.get("hours") or 24),
    )
    db.session.add(row)
    db.session.flush()
    record(
        "stock_override",
        "depot",
        depot.id,
        {
            "override_id": row.id,
            "commodity": row.commodity_code,
            "reason": reason,
            "valid_until": row.valid_until.isoformat(),
            ROWS: state_of(row),
        },
        actor=_actor(user),
    )
    return row


def record_import(filename: str, digest: str, rows: int, user=None) -> StockImport:
    """Remember a committed import of receipts by its file's hash."""
    entry = StockImport(
        filename=(filename or "")[:200], content_sha256=digest, rows=rows, imported_by=_actor(user)
    )
    db.session.add(entry)
    db.session.flush()
    return entry
