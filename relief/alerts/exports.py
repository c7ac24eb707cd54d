"""Alerts as CSV and XLSX rows (the same columns in both)."""

import csv
import io

from openpyxl import Workbook

from relief.alerts.models import Alert
from relief.core.spreadsheet import neutralise_row

COLUMNS = ("id", "kind", "level", "state", "category", "regency_code", "village_code",
           "village_name", "commodity_code", "opened_at", "response_due_at",
           "resolution_due_at", "condition_cleared_at", "overdue", "facts")


def _row(alert: Alert, now) -> list:
    values = {
        "village_name": alert.village.name if alert.village else "",
        "overdue": "yes" if alert.is_overdue(now) else "no",
        "facts": "; ".join(f"{k}={v}" for k, v in (alert.facts or {}).items()),
    }
    out = []
    for column in COLUMNS:
        value = values[column] if column in values else getattr(alert, column)
        out.append(value.isoformat() if hasattr(value, "isoformat") else value)
    return neutralise_row(out)


def alerts_csv(alerts: list[Alert], now) -> str:
    """CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_row(a, now) for a in alerts)
    return buffer.getvalue()


def alerts_xlsx(alerts: list[Alert], now) -> bytes:
    """An XLSX workbook with one sheet of alerts."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("alerts")
    sheet.append(list(COLUMNS))
    for alert in alerts:
        sheet.append(["" if v is None else v for v in _row(alert, now)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
