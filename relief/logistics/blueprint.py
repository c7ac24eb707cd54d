"""The pages blueprint, shared by the shipment views and the bulk-import views."""

from datetime import datetime

from flask import Blueprint

from relief.logistics.forms import WIB

bp = Blueprint("logistics", __name__)


@bp.app_template_filter("wib")
def format_wib(value: datetime | None) -> str:
    """A stored UTC time as Western Indonesia Time, e.g. `05-01-2020 14:30 WIB`."""
    return value.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB") if value else ""


@bp.app_template_filter("qty")
def format_quantity(value: float | None) -> str:
    """A quantity without trailing zeros (25.0 -> 25, 0.5 -> 0,5)."""
    if value is None:
        return ""
    return f"{value:,.3f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
