"""Human labels of shipment statuses (translated)."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "planned": _l("direncanakan"),
    "dispatched": _l("dalam perjalanan"),
    "delivered": _l("diterima"),
    "cancelled": _l("dibatalkan"),
}


def status_label(status: str) -> str:
    """The label of a status in the current language."""
    return str(STATUS_LABELS.get(status, status))
