"""Residents' complaints (pengaduan) and the record of how each one was handled."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db
from relief.organisations.models import Organisation

CATEGORIES = ("not_received", "not_enough", "wrong_items", "unfair", "payment_demanded", "other")
STATES = ("received", "checking", "forwarded", "answered", "closed")


class ResidentReport(db.Model):
    """A complaint filed without an account, followed by its tracking code."""

    __tablename__ = "resident_report"
    __table_args__ = (
        Index("ix_report_village_created", "village_code", "created_at"),
        Index("ix_report_category_created", "category", "created_at"),
        Index("ix_report_state_created", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(11), unique=True)  # XXXXX-XXXXX
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    category: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)  # private: staff only
    contact: Mapped[str | None] = mapped_column(String(120))  # private: staff only
    channel: Mapped[str] = mapped_column(String(8), default="web")  # web | api
    state: Mapped[str] = mapped_column(String(16), default="received")
    public_reply: Mapped[str | None] = mapped_column(Text)  # shown on the tracking page
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("alert.id", name="fk_resident_report_alert_id_alert"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # One optional photo, EXIF removed (relief.media); shown to staff only.
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("photo.id", name="fk_resident_report_photo_id_photo")
    )

    # The public-service unit the Ombudsman forwarded it to, and by when it must answer.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", name="fk_resident_report_organisation_id_organisation"),
        index=True,
    )
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    village = relationship("Area")
    photo = relationship("Photo")
    organisation: Mapped[Organisation | None] = relationship()
    history: Mapped[list["ReportStateChange"]] = relationship(
        back_populates="report", order_by="ReportStateChange.id", cascade="all, delete-orphan"
    )
    answers: Mapped[list["ReportAnswer"]] = relationship(
        back_populates="report", order_by="ReportAnswer.id", cascade="all, delete-orphan"
    )

    def is_answer_overdue(self, now: datetime) -> bool:
        """Forwarded, not answered by the unit, and past its deadline."""
        return (
            self.state == "forwarded"
            and self.answer_due_at is not None
            and self.answer_due_at < now
        )


class ReportStateChange(db.Model):
    """One handling step of a report: who did what, when."""

    __tablename__ = "resident_report_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("resident_report.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # create, verify, forward, reply, link, close
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    by_label: Mapped[str] = mapped_column(String(120), default="")  # username or "public"
    note: Mapped[str] = mapped_column(Text, default="")  # internal

    report: Mapped[ResidentReport] = relationship(back_populates="history")
    by_user = relationship("User", lazy="joined")  # the person, shown by name and role


class ReportAnswer(db.Model):
    """A forwarded unit's answer to a complaint: shown to the resident on the status page."""

    __tablename__ = "resident_report_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("resident_report.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    text: Mapped[str] = mapped_column(Text)  # public: the resident reads it
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    by_label: Mapped[str] = mapped_column(String(120), default="")
    within_deadline: Mapped[bool] = mapped_column(default=True)

    report: Mapped[ResidentReport] = relationship(back_populates="answers")
    by_user = relationship("User", lazy="joined")
    organisation: Mapped[Organisation] = relationship()
