"""Commodities, units with conversion to the base unit, and need norms by profile."""

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relief.core.models import Quantity
from relief.extensions import db


class Commodity(db.Model):
    """Something delivered: rice, medicine, clothing, water, ..."""

    __tablename__ = "commodity"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    base_unit: Mapped[str] = mapped_column(String(16))  # kg, kit, set, l, pcs
    is_core: Mapped[bool] = mapped_column(Boolean, default=False)  # rice, medicine, clothing
    tracks_lots: Mapped[bool] = mapped_column(Boolean, default=False)  # medicine: lot, expiry
    sort_order: Mapped[int] = mapped_column(Integer, default=100)

    units: Mapped[list["CommodityUnit"]] = relationship(
        back_populates="commodity", order_by="CommodityUnit.factor"
    )


class CommodityUnit(db.Model):
    """A unit a quantity may be logged in, and how many base units it holds."""

    __tablename__ = "commodity_unit"
    __table_args__ = (UniqueConstraint("commodity_code", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commodity_code: Mapped[str] = mapped_column(ForeignKey("commodity.code"), index=True)
    code: Mapped[str] = mapped_column(String(16))  # kg, sack25, kit, set, box
    name_id: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    factor: Mapped[float] = mapped_column(Quantity)  # base units per one of this unit

    commodity: Mapped[Commodity] = relationship(back_populates="units")


class Norm(db.Model):
    """How much of a commodity one person or household needs, in one standards profile."""

    __tablename__ = "norm"
    __table_args__ = (UniqueConstraint("profile", "commodity_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[str] = mapped_column(String(32), index=True)  # kemensos, bapanas
    commodity_code: Mapped[str] = mapped_column(ForeignKey("commodity.code"))
    amount: Mapped[float] = mapped_column(Quantity)  # base units
    per: Mapped[str] = mapped_column(String(16))  # person | household
    period: Mapped[str] = mapped_column(String(8))  # day | once
    basis: Mapped[str] = mapped_column(String(16))  # displaced | affected
    source: Mapped[str] = mapped_column(Text)

    commodity: Mapped[Commodity] = relationship()
