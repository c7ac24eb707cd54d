"""Audit entries chained by hash, and the head that records the chain's end."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relief.core.models import Quantity, UTCDateTime
from relief.extensions import db


class AuditEntry(db.Model):
    """One write to shipments, receipts, assessments or alerts. Never updated or deleted."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(db.Model):
    """A single row naming the last entry, so that deleting the tail is detected too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class EvidenceDocument(db.Model):
    """A generated evidence file (PDF, export): its SHA-256, the audit head it was made at,
    and the verification ID printed on it, so that /verifikasi can say it is genuine."""

    __tablename__ = "evidence_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verification_id: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # alert_pdf, regency_pdf, coverage_csv ...
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the file's bytes
    byte_size: Mapped[int] = mapped_column(Integer)
    audit_seq: Mapped[int] = mapped_column(Integer)
    audit_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(120))


class PlausibilityOverride(db.Model):
    """A figure a plausibility guard refused and a person entered anyway, with a reason."""

    __tablename__ = "plausibility_override"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guard: Mapped[str] = mapped_column(String(40))  # handover_distance, displaced_population...
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    event_id: Mapped[int | None] = mapped_column(Integer, index=True)
    village_code: Mapped[str | None] = mapped_column(String(16), index=True)
    facts: Mapped[str] = mapped_column(Text)  # canonical JSON: value and threshold
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Amendment(db.Model):
    """A correction of a shipment, BAST or assessment, with its reason. The corrected rows
    stay as recorded; the amended figures count from `at` on (latest amendment wins)."""

    __tablename__ = "amendment"
    # One revision number per target: two writers amending from the same revision collide
    # here and the second is refused as stale (409).
    __table_args__ = (
        UniqueConstraint("entity", "entity_id", "revision", name="uq_amendment_entity_revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(16))  # shipment | receipt | assessment
    entity_id: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)  # the original is revision 1
    event_id: Mapped[int] = mapped_column(Integer, index=True)
    village_code: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # from when the figures count
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the server's clock
    by_user_id: Mapped[int | None] = mapped_column(Integer)
    by: Mapped[str] = mapped_column(String(120))

    values: Mapped[list["AmendmentValue"]] = relationship(
        back_populates="amendment", order_by="AmendmentValue.id", cascade="all, delete-orphan"
    )


class AmendmentValue(db.Model):
    """One field of one row as an amendment changed it: old and new value (JSON text), and
    the new value as a number where coverage computes with it."""

    __tablename__ = "amendment_value"
    __table_args__ = (Index("ix_amendment_value_lookup", "target", "row_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"), index=True)
    event_id: Mapped[int] = mapped_column(Integer)  # the amendment's, kept for the index
    target: Mapped[str] = mapped_column(String(32))  # table: shipment_item, receipt_item, ...
    row_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text)  # canonical JSON
    new_value: Mapped[str] = mapped_column(Text)
    number: Mapped[float | None] = mapped_column(Quantity)
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # the amendment's

    amendment: Mapped[Amendment] = relationship(back_populates="values")
