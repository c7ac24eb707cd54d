"""Demo step: a handful of illustrative residents' reports in assessed Lebak villages."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.complaints.models import ReportStateChange, ResidentReport
from relief.coverage.models import Assessment
from relief.demo.events import demo_event
from relief.extensions import db
from relief.public.services import file_report

# (category, text, state, public reply); texts are invented and name nobody.
REPORTS = [
    (
        "not_received",
        "Sudah tiga hari di pengungsian, beras belum sampai ke RT kami.",
        "received",
        None,
    ),
    ("not_received", "Warga di masjid belum menerima beras sama sekali.", "checking", None),
    ("not_received", "Bantuan beras hanya sampai balai desa, dusun kami belum.", "received", None),
    (
        "payment_demanded",
        "Ada yang meminta uang sebelum paket sembako dibagikan.",
        "forwarded",
        None,
    ),
    (
        "not_enough",
        "Obat untuk anak-anak tidak cukup, banyak yang demam.",
        "answered",
        "Dinas Kesehatan mengirim tambahan 20 paket obat keluarga pada 9 Januari.",
    ),
    (
        "wrong_items",
        "Yang datang pakaian dewasa, yang dibutuhkan pakaian anak.",
        "closed",
        "Pakaian anak sudah dikirim dari posko kabupaten. Laporan ditutup.",
    ),
]


def load(rng) -> str:
    """Six reports: three not-received in one village (a pattern), one payment demand."""
    event = demo_event()
    if event is None:
        return "no demo event"
    if db.session.scalar(select(ResidentReport.id).limit(1)):
        return "reports exist"
    villages = list(
        db.session.scalars(
            select(Assessment.village_code)
            .where(Assessment.event_id == event.id, Assessment.severity >= 4)
            .distinct()
            .order_by(Assessment.village_code)
        )
    )
    if not villages:
        return "no assessed villages"
    pattern_village = villages[0]
    for index, (category, text, state, reply) in enumerate(REPORTS):
        village = pattern_village if index < 3 else rng.choice(villages)
        report = file_report(
            village, category, text, None, channel="web", announce=False, event_id=event.id
        )
        at = datetime(2020, 1, 4, 7, tzinfo=UTC) + timedelta(hours=9 * index)
        report.created_at = report.updated_at = report.history[0].at = at
        if state != "received":
            forwarded = state == "forwarded"
            report.history.append(
                ReportStateChange(
                    action="forward" if forwarded else "demo",
                    from_state="received",
                    to_state=state,
                    at=at + timedelta(days=2),
                    by_label="demo",
                    note="Dinas Sosial Kabupaten Lebak" if forwarded else "",
                )
            )
        report.state, report.public_reply = state, reply
        report.replied_at = at + timedelta(days=2) if reply else None
        db.session.flush()
        record(
            "report_demo",
            "resident_report",
            report.id,
            {"state": report.state, ROWS: state_of(report, *report.history)},
            actor="demo",
        )
    return f"{len(REPORTS)} residents' reports (illustrative)"
