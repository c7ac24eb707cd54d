"""Alerts as CSV and XLSX rows (the same columns in both), for people in their language:
kinds, levels, states and categories by name, facts described; the kind's code kept for
programs that sort or count by it."""

from flask_babel import lazy_gettext as _l

from relief.alerts import categories
from relief.alerts.facts import alert_facts
from relief.alerts.models import Alert
from relief.core.formatting import local_name
from relief.core.sheets import Column, csv_text, xlsx_bytes

C = Column
COLUMNS = (
    C("id", _l("Nomor")),
    C("kind", _l("Jenis")),
    C("level", _l("Tingkat")),
    C("state", _l("Keadaan")),
    C("category", _l("Kategori maladministrasi")),
    C("regency_code", _l("Kode kabupaten/kota")),
    C("village_code", _l("Kode desa")),
    C("village_name", _l("Desa")),
    C("commodity", _l("Barang")),
    C("opened_at", _l("Dibuka (UTC)")),
    C("response_due_at", _l("Batas tanggapan (UTC)")),
    C("resolution_due_at", _l("Batas penyelesaian (UTC)")),
    C("condition_cleared_at", _l("Kondisi pulih (UTC)")),
    C("overdue", _l("Terlambat")),
    C("facts", _l("Fakta")),
    C("kind_code", _l("Kode jenis")),
)


def _time(value) -> str:
    return value.isoformat() if value is not None else ""


def alert_row(alert: Alert, now) -> dict:
    """One alert as people read it (the request's language)."""
    return {
        "id": alert.id,
        "kind": categories.label("kind", alert.kind),
        "level": categories.label("level", alert.level),
        "state": categories.label("state", alert.state),
        "category": categories.label("category", alert.category),
        "regency_code": alert.regency_code,
        "village_code": alert.village_code,
        "village_name": alert.village.name if alert.village else "",
        "commodity": local_name(alert.commodity) if alert.commodity else "",
        "opened_at": _time(alert.opened_at),
        "response_due_at": _time(alert.response_due_at),
        "resolution_due_at": _time(alert.resolution_due_at),
        "condition_cleared_at": _time(alert.condition_cleared_at),
        "overdue": str(_l("Ya") if alert.is_overdue(now) else _l("Tidak")),
        "facts": "; ".join(f"{label}: {value}" for label, value in alert_facts(alert)),
        "kind_code": alert.kind,
    }


def alerts_csv(alerts: list[Alert], now) -> str:
    """CSV text with a header row."""
    return csv_text((alert_row(a, now) for a in alerts), COLUMNS)


def alerts_xlsx(alerts: list[Alert], now) -> bytes:
    """An XLSX workbook with one sheet of alerts, header frozen, columns sized."""
    return xlsx_bytes((alert_row(a, now) for a in alerts), COLUMNS, str(_l("Peringatan")))
