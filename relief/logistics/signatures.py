"""The village's own signature on a delivery, and the standing PIN it signs with.

A delivery carries two signatures: the staff BAST (`Receipt`) and the village's
confirmation, a separate record made with a PIN that was issued to the village (head) and
never travels with the goods. The waybill number only says which delivery is meant.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from relief.core.models import Quantity, UTCDateTime, utcnow
from relief.extensions import db

VERDICTS = ("confirm", "dispute")


class VillagePin(db.Model):
    """A standing PIN of one village, stored only as a hash; a new one revokes the old."""

    __tablename__ = "village_pin"
    __table_args__ = (Index("ix_village_pin_village_revoked", "village_code", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    pin_hash: Mapped[str] = mapped_column(String(256))
    holder: Mapped[str] = mapped_column(String(120), default="")  # e.g. "Kepala Desa"
    channel: Mapped[str] = mapped_column(String(120), default="")  # how it was handed over
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VillageConfirmation(db.Model):
    """The village's confirmation or dispute of one delivery (one per shipment)."""

    __tablename__ = "village_confirmation"
    __table_args__ = (UniqueConstraint("shipment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"))
    pin_id: Mapped[int] = mapped_column(ForeignKey("village_pin.id"))
    verdict: Mapped[str] = mapped_column(String(16))  # confirm | dispute
    confirmer_name: Mapped[str] = mapped_column(String(120))
    confirmer_role: Mapped[str] = mapped_column(String(40))
    confirmer_phone: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(8), default="web")  # web | sms
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shipment = relationship("Shipment", backref=backref("village_confirmation", uselist=False))
    items: Mapped[list["VillageConfirmationItem"]] = relationship(
        back_populates="confirmation",
        order_by="VillageConfirmationItem.id",
        cascade="all, delete-orphan",
    )


class VillageConfirmationItem(db.Model):
    """What the village says it received of one shipment item, in base units."""

    __tablename__ = "village_confirmation_item"
    __table_args__ = (UniqueConstraint("confirmation_id", "shipment_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    confirmation_id: Mapped[int] = mapped_column(ForeignKey("village_confirmation.id"), index=True)
    shipment_item_id: Mapped[int] = mapped_column(ForeignKey("shipment_item.id"))
    commodity_code: Mapped[str] = mapped_column(ForeignKey("commodity.code"))
    received_base: Mapped[float] = mapped_column(Quantity)

    confirmation: Mapped[VillageConfirmation] = relationship(back_populates="items")
    commodity = relationship("Commodity", lazy="joined")
