"""Depots and shipments with items, status history and receipts."""

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relief.core.models import Quantity, UTCDateTime, prefix_index, utcnow
from relief.extensions import db
from relief.media.models import Photo
from relief.organisations.models import Organisation

STATUSES = ("planned", "dispatched", "delivered", "cancelled")


class Depot(db.Model):
    """A warehouse (gudang) or field post (posko) that ships aid."""

    __tablename__ = "depot"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # gudang | posko
    regency_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    operator: Mapped[str] = mapped_column(String(120), default="")  # BPBD, Dinsos
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)

    organisation: Mapped[Organisation | None] = relationship()


class Shipment(db.Model):
    """Aid sent from a depot to a village, with a waybill (surat jalan)."""

    __tablename__ = "shipment"
    __table_args__ = (
        Index("ix_shipment_event_status", "event_id", "status"),
        Index("ix_shipment_dest_delivered", "destination_code", "delivered_at"),
        prefix_index("ix_shipment_dest_prefix", "destination_code"),
        Index("ix_shipment_event_created", "event_id", "created_at"),
        # One village's shipments in one event, newest first or of one status (its public
        # page). Without them SQLite read them through the event's indexes, every shipment
        # of the event, five times per page (migrations/versions/village_event_shipments.py).
        Index("ix_shipment_dest_event_created", "destination_code", "event_id", "created_at"),
        Index("ix_shipment_dest_event_status", "destination_code", "event_id", "status"),
        # The list without an event filter: newest first, optionally by status.
        Index("ix_shipment_created", "created_at"),
        Index("ix_shipment_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    waybill_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    origin_depot_id: Mapped[int] = mapped_column(ForeignKey("depot.id"), index=True)
    destination_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    posko_name: Mapped[str | None] = mapped_column(String(200))
    posko_lat: Mapped[float | None] = mapped_column(Float)
    posko_lon: Mapped[float | None] = mapped_column(Float)
    vehicle_plate: Mapped[str | None] = mapped_column(String(20))
    driver_name: Mapped[str | None] = mapped_column(String(120))
    driver_phone: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    delivery_lat: Mapped[float | None] = mapped_column(Float)
    delivery_lon: Mapped[float | None] = mapped_column(Float)
    # Metres from the delivery GPS point to the destination village (0 inside); None unknown.
    delivery_distance_m: Mapped[float | None] = mapped_column(Float)
    # Printed on the waybill; the village enters it to confirm receipt (public channel).
    confirmation_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    is_demo: Mapped[bool] = mapped_column(default=False)

    items: Mapped[list["ShipmentItem"]] = relationship(
        back_populates="shipment", order_by="ShipmentItem.id", cascade="all, delete-orphan"
    )
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="shipment", order_by="StatusChange.id", cascade="all, delete-orphan"
    )
    receipt: Mapped["Receipt | None"] = relationship(back_populates="shipment", uselist=False)
    origin_depot: Mapped[Depot] = relationship()
    destination = relationship("Area")
    event = relationship("Event")
    created_by = relationship("User")
    # Read-only: corrections are written by relief.audit.amendments, which expires this list
    # on a shipment loaded in the session when it adds one.
    amendments = relationship(
        "Amendment",
        primaryjoin="and_(Amendment.entity == 'shipment', "
        "foreign(Amendment.entity_id) == Shipment.id)",
        order_by="Amendment.revision",
        viewonly=True,
    )

    # Optimistic locking: every UPDATE checks and bumps `version`.
    __mapper_args__ = {"version_id_col": version}


class ShipmentItem(db.Model):
    """One commodity line of a shipment, kept as logged and in the base unit."""

    __tablename__ = "shipment_item"
    __table_args__ = (Index("ix_item_commodity_shipment", "commodity_code", "shipment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    commodity_code: Mapped[str] = mapped_column(ForeignKey("commodity.code"))
    quantity: Mapped[float] = mapped_column(Quantity)  # as logged, in `unit`
    unit: Mapped[str] = mapped_column(String(16))
    quantity_base: Mapped[float] = mapped_column(Quantity)  # in the commodity's base unit
    lot: Mapped[str | None] = mapped_column(String(64))
    expires_on: Mapped[date | None] = mapped_column(Date)

    shipment: Mapped[Shipment] = relationship(back_populates="items")
    commodity = relationship("Commodity")


class StatusChange(db.Model):
    """One step of a shipment's timeline: who, when, where."""

    __tablename__ = "shipment_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    by_label: Mapped[str] = mapped_column(String(120), default="")  # user name or "village"
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")

    shipment: Mapped[Shipment] = relationship(back_populates="history")
    by_user = relationship("User", lazy="joined")  # the person, shown by name and role


class Receipt(db.Model):
    """The handover report (BAST) of a delivered shipment."""

    __tablename__ = "receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), unique=True)
    received_by: Mapped[str] = mapped_column(String(120))
    receiver_role: Mapped[str] = mapped_column(String(120))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    gps_accuracy_m: Mapped[float | None] = mapped_column(Float)  # as the device reported it
    channel: Mapped[str] = mapped_column(String(16))  # staff | village
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shipment: Mapped[Shipment] = relationship(back_populates="receipt")
    items: Mapped[list["ReceiptItem"]] = relationship(
        back_populates="receipt", order_by="ReceiptItem.id", cascade="all, delete-orphan"
    )
    photo_links: Mapped[list["ReceiptPhoto"]] = relationship(
        order_by="ReceiptPhoto.id", cascade="all, delete-orphan"
    )
    # Read-only, as the shipment's.
    amendments = relationship(
        "Amendment",
        primaryjoin="and_(Amendment.entity == 'receipt', "
        "foreign(Amendment.entity_id) == Receipt.id)",
        order_by="Amendment.revision",
        viewonly=True,
    )

    @property
    def photos(self) -> list[Photo]:
        """The photos of the signed paper, in the order they were taken."""
        return [link.photo for link in self.photo_links]


class ReceiptPhoto(db.Model):
    """A photo of the signed BAST paper (the bytes live in the photo store)."""

    __tablename__ = "receipt_photo"
    __table_args__ = (UniqueConstraint("receipt_id", "photo_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"), index=True)
    photo_id: Mapped[int] = mapped_column(ForeignKey("photo.id"))

    photo: Mapped[Photo] = relationship()


class ReceiptItem(db.Model):
    """Accepted and rejected quantity of one shipment item, in base units."""

    __tablename__ = "receipt_item"
    __table_args__ = (UniqueConstraint("receipt_id", "shipment_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"), index=True)
    shipment_item_id: Mapped[int] = mapped_column(ForeignKey("shipment_item.id"), unique=True)
    commodity_code: Mapped[str] = mapped_column(ForeignKey("commodity.code"))
    accepted_base: Mapped[float] = mapped_column(Quantity)
    rejected_base: Mapped[float] = mapped_column(Quantity, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")

    receipt: Mapped[Receipt] = relationship(back_populates="items")
    shipment_item: Mapped[ShipmentItem] = relationship()
    commodity = relationship("Commodity")
