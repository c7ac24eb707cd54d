"""A stored photo: its row holds the hash and shape; the bytes live in the photo store."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db

PURPOSES = ("bast", "report")


class Photo(db.Model):
    """One image, named by the SHA-256 of its stored bytes (the same bytes are one photo)."""

    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(32))  # image/jpeg | image/png | image/webp
    byte_size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(16))  # bast | report
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
