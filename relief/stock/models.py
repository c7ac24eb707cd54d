"""The stock ledger: receipts, dispatches, returns, losses and counts, never edited in place.

Depots are named by id only (the depot table belongs to relief.logistics, which writes a
dispatch entry here when a shipment leaves; this package imports no logistics module).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import Quantity, UTCDateTime, utcnow
from relief.extensions import db

KINDS = ("receipt", "dispatch", "return", "loss", "count")
TYPED_KINDS = ("receipt", "return", "loss", "count")  # dispatches are written by dispatching
SOURCES = ("bulog", "kemensos", "donation", "purchase", "other")
LOSS_REASONS = ("spoiled", "damaged", "stolen")


class StockEntry(db.Model):
    """One movement (or count) of one commodity in one depot, in the commodity's base unit.

    `change_base` is signed: + receipt and return, - dispatch and loss; for a count it is the
    variance (counted minus the on hand derived just before), and the count itself sets the
    on hand to `counted_base` from that moment (stock opname: the shelf is the truth).
    """

    __tablename__ = "stock_entry"
    __table_args__ = (
        Index("ix_stock_entry_depot_at", "depot_id", "occurred_at"),
        Index("ix_stock_entry_depot_commodity_at", "depot_id", "commodity_code", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    depot_id: Mapped[int] = mapped_column(ForeignKey("depot.id"))
    commodity_code: Mapped[str] = mapped_column(ForeignKey("commodity.code"))
    kind: Mapped[str] = mapped_column(String(16))  # one of KINDS
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    quantity: Mapped[float | None] = mapped_column(Quantity)  # as entered, in `unit`
    unit: Mapped[str | None] = mapped_column(String(16))
    change_base: Mapped[float] = mapped_column(Quantity)
    counted_base: Mapped[float | None] = mapped_column(Quantity)  # counts only
    on_hand_before: Mapped[float | None] = mapped_column(Quantity)  # counts only
    source: Mapped[str | None] = mapped_column(String(16))  # receipts: one of SOURCES
    document_no: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(String(16))  # losses: one of LOSS_REASONS
    note: Mapped[str] = mapped_column(Text, default="")
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), index=True)
    override_id: Mapped[int | None] = mapped_column(ForeignKey("stock_override.id"))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("stock_import.id"))
    recorded_by: Mapped[str] = mapped_column(String(120), default="")


class StockTracking(db.Model):
    """Since when a depot's ledger is complete: before it (or without a row) the depot is
    not stock-tracked and dispatches are never refused for want of stock."""

    __tablename__ = "stock_tracking"

    id: Mapped[int] = mapped_column(primary_key=True)
    depot_id: Mapped[int] = mapped_column(ForeignKey("depot.id"), unique=True)
    tracked_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by: Mapped[str] = mapped_column(String(120), default="")


class StockOverride(db.Model):
    """An admin's permission to dispatch beyond the recorded stock of a depot (one commodity
    or all), for a while, with a reason; every dispatch that uses it names it."""

    __tablename__ = "stock_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    depot_id: Mapped[int] = mapped_column(ForeignKey("depot.id"), index=True)
    commodity_code: Mapped[str | None] = mapped_column(ForeignKey("commodity.code"))
    reason: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(120))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)


class StockImport(db.Model):
    """One committed bulk import of stock receipts (a file is refused a second time)."""

    __tablename__ = "stock_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(120))
