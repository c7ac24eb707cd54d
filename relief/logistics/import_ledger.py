"""What bulk imports already brought in: each file by content hash, each `ref` per event.

A file imported once is refused again (same bytes, any name, any event), and a `ref` used
for the same event is refused, naming the earlier import and its waybill. Unique indexes
back both rules, so two concurrent commits cannot both pass.
"""

import hashlib
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db
from relief.logistics.models import Shipment


class ShipmentImport(db.Model):
    """One committed bulk import."""

    __tablename__ = "shipment_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)  # any event
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(120))


class ImportedRef(db.Model):
    """A `ref` of an import and the shipment it became (unique per event)."""

    __tablename__ = "shipment_import_ref"
    __table_args__ = (UniqueConstraint("event_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("shipment_import.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    ref: Mapped[str] = mapped_column(String(64))
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"))


def content_hash(content: bytes) -> str:
    """SHA-256 of an uploaded file's bytes."""
    return hashlib.sha256(content).hexdigest()


def duplicate_problems(event_id: int, digest: str, refs: list[str]) -> list[tuple[str, str]]:
    """(column, message) for a file already imported and for refs already used (pure reads)."""
    problems = []
    earlier = db.session.scalar(
        select(ShipmentImport).where(ShipmentImport.content_sha256 == digest)
    )
    if earlier is not None:
        problems.append(
            (
                "file",
                _(
                    "Berkas ini sudah diimpor: %(f)s, %(t)s oleh %(u)s (SHA-256 %(h)s).",
                    f=earlier.filename,
                    t=earlier.imported_at.strftime("%Y-%m-%d %H:%M UTC"),
                    u=earlier.imported_by,
                    h=digest[:12],
                ),
            )
        )
    used = db.session.execute(
        select(ImportedRef.ref, ShipmentImport.filename, Shipment.waybill_no)
        .join(ShipmentImport, ShipmentImport.id == ImportedRef.import_id)
        .join(Shipment, Shipment.id == ImportedRef.shipment_id)
        .where(ImportedRef.event_id == event_id, ImportedRef.ref.in_(sorted(set(refs))))
    )
    for ref, filename, waybill in used:
        problems.append(
            (
                "ref",
                _(
                    "Ref %(r)s sudah dipakai untuk kejadian ini: impor %(f)s, surat jalan %(w)s.",
                    r=ref,
                    f=filename,
                    w=waybill,
                ),
            )
        )
    return problems


def record_import(
    event_id: int, filename: str, digest: str, rows: int, user, shipments_by_ref: dict
) -> ShipmentImport:
    """Remember a committed import, its file hash and each ref's shipment."""
    entry = ShipmentImport(
        event_id=event_id,
        filename=(filename or "")[:200],
        content_sha256=digest,
        rows=rows,
        imported_by=getattr(user, "username", "system"),
    )
    db.session.add(entry)
    db.session.flush()
    db.session.add_all(
        [
            ImportedRef(
                import_id=entry.id, event_id=event_id, ref=str(ref)[:64], shipment_id=shipment.id
            )
            for ref, shipment in shipments_by_ref.items()
        ]
    )
    db.session.flush()
    return entry
