"""Alert facts for people: labels and formatted values in the reader's language.

The rules store raw facts (`coverage 0.412`, `hours_since_assessment 73.5`); the API keeps
them raw. Pages, printouts and the PDF show them through `describe_facts`: a label per key
and a value with its unit, thousands separators and WIB times, in the request's locale.
"""

from datetime import datetime

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from relief.catalog import labels
from relief.core import formatting

LABELS = {
    "severity": _l("Tingkat keparahan"),
    "coverage": _l("Cakupan"),
    "delivered": _l("Tersalur"),
    "need": _l("Kebutuhan"),
    "hours_since_assessment": _l("Sejak kaji cepat pertama"),
    "delivered_shipments": _l("Pengiriman yang tiba"),
    "pending_shipments": _l("Pengiriman direncanakan atau di jalan"),
    "shipments": _l("Surat jalan"),
    "oldest_delivered_at": _l("Tiba paling awal"),
    "ratio": _l("Diterima dari yang dikirim"),
    "accepted": _l("Diterima menurut BAST"),
    "logged": _l("Dikirim menurut surat jalan"),
    "max_distance_m": _l("Jarak titik serah terima dari desa"),
    "not_received_in_window": _l("Laporan bantuan tidak diterima"),
    "payment_demanded": _l("Laporan permintaan imbalan"),
    "window_days": _l("Dalam jangka"),
    "worst_hit_median": _l("Median cakupan desa terdampak parah"),
    "worst_hit_villages": _l("Desa terdampak parah"),
    "light_median": _l("Median cakupan desa terdampak ringan"),
    "light_villages": _l("Desa terdampak ringan"),
    "disputed_shipments": _l("Surat jalan yang dibantah desa"),
    "differences": _l("Selisih desa dan BAST (surat jalan, barang, desa, BAST)"),
    "tolerance": _l("Toleransi selisih"),
    "overrides": _l("Pengecualian pemeriksaan kewajaran (alasan)"),
    "idle_quantity": _l("Stok menganggur"),
    "idle_hours": _l("Menganggur sekurangnya"),
    "depots": _l("Gudang (jumlah)"),
    "undersupplied_villages": _l("Desa kekurangan (cakupan)"),
    "undersupplied_count": _l("Jumlah desa kekurangan"),
    "owed": _l("Kekurangan desa-desa itu"),
}
PERCENT = frozenset({"coverage", "ratio", "worst_hit_median", "light_median", "tolerance"})
QUANTITY = frozenset({"need", "delivered", "logged", "accepted", "idle_quantity", "owed"})
# The facts that say most about each kind, for one line in the queue.
HEADLINE = {
    "undersupplied": ("coverage", "delivered", "need"),
    "no_delivery": ("delivered_shipments", "hours_since_assessment", "pending_shipments"),
    "unconfirmed": ("shipments", "oldest_delivered_at"),
    "receipt_gap": ("ratio", "accepted", "logged"),
    "location_mismatch": ("max_distance_m", "shipments"),
    "resident_reports": ("not_received_in_window", "payment_demanded"),
    "inequity": ("worst_hit_median", "light_median"),
    "receipt_disputed": ("disputed_shipments", "differences"),
    "plausibility_override": ("overrides",),
    "stock_idle": ("idle_quantity", "depots", "undersupplied_count"),
}


def _hours(value: float) -> str:
    days, hours = divmod(round(value), 24)
    if days:
        return _("%(d)s hari %(h)s jam", d=days, h=hours)
    return _("%(h)s jam", h=hours)


def wib_moment(value) -> str:
    """A UTC moment (or its ISO text, as facts store it) in WIB: `9 Jan 2020 12.00 WIB`."""
    if not value:
        return "—"
    return formatting.moment(datetime.fromisoformat(value) if isinstance(value, str) else value)


def _distance(metres: float) -> str:
    if metres >= 1000:
        return f"{format_decimal(round(metres / 1000, 1), '#,##0.0')} km"
    return f"{format_decimal(round(metres))} m"


def format_fact(key: str, value, unit: str = "") -> str:
    """One fact's value as a reader expects it (percent, quantity with unit, WIB time...)."""
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, bool) or not isinstance(value, int | float | str | datetime):
        return str(value)
    if key in PERCENT:
        return format_percent(value, "#,##0%")
    if key in QUANTITY:
        return f"{format_decimal(round(value, 1), '#,##0.#')} {unit}".strip()
    if key == "severity":
        return _("%(n)s dari 5", n=value)
    if key in ("hours_since_assessment", "idle_hours"):
        return _hours(value)
    if key == "oldest_delivered_at":
        return wib_moment(value)
    if key == "max_distance_m":
        return _distance(value)
    if key == "window_days":
        return _("%(n)s hari", n=value)
    if isinstance(value, int | float):
        return format_decimal(value)
    return str(value)


def describe_facts(facts: dict | None, unit: str = "") -> list[tuple[str, str]]:
    """(label, value) per fact in stored order; an unknown key is shown as it is."""
    return [
        (str(LABELS.get(key, key)), format_fact(key, value, unit))
        for key, value in (facts or {}).items()
    ]


def unit_label(commodity) -> str:
    """The name of a commodity's base unit in the reader's language (`paket` for kit)."""
    return "" if commodity is None else labels.unit_label(commodity.code, commodity.base_unit)


def alert_facts(alert, opening: bool = False) -> list[tuple[str, str]]:
    """An alert's current (or opening) facts, described."""
    return describe_facts(
        alert.opening_facts if opening else alert.facts, unit_label(alert.commodity)
    )


def headline(alert) -> str:
    """The kind's telling facts on one line, for the queue."""
    unit = unit_label(alert.commodity)
    facts = alert.facts or {}
    return " · ".join(
        f"{LABELS[key]} {format_fact(key, facts[key], unit)}"
        for key in HEADLINE.get(alert.kind, ())
        if key in facts
    )
