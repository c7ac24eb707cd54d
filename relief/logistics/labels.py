"""Human labels of shipment statuses (translated)."""

from flask_babel import lazy_pgettext

# "diterima" also names an accepted quantity and a report state: context keeps them apart.
STATUS_LABELS = {
    "planned": lazy_pgettext("shipment status", "direncanakan"),
    "dispatched": lazy_pgettext("shipment status", "dalam perjalanan"),
    "delivered": lazy_pgettext("shipment status", "diterima"),
    "cancelled": lazy_pgettext("shipment status", "dibatalkan"),
}


def status_label(status: str) -> str:
    """The label of a status in the current language."""
    return str(STATUS_LABELS.get(status, status))
