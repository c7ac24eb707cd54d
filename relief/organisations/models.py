"""An organisation (BPBD, Dinas Sosial, Kemensos, PMI, an NGO) and the regencies it serves."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db

KINDS = ("bpbd", "dinsos", "kemensos", "pmi", "ngo", "other")


class Organisation(db.Model):
    """A public-service unit: runs depots, employs staff, receives forwarded complaints."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # one of KINDS
    # Regency area codes it serves ("36.02", ...); a short list, read whole.
    regency_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    complaint_email: Mapped[str | None] = mapped_column(String(200))
    complaint_phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def serves(self, regency_code: str) -> bool:
        """Whether this organisation serves a regency."""
        return regency_code in (self.regency_codes or [])
