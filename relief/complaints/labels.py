"""Plain-language labels of report categories and states (translated)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

CATEGORY_LABELS = {
    "not_received": _l("Bantuan belum diterima"),
    "not_enough": _l("Bantuan kurang"),
    "wrong_items": _l("Barang tidak sesuai"),
    "unfair": _l("Pembagian tidak adil"),
    "payment_demanded": _l("Diminta membayar"),
    "other": _l("Lainnya"),
}

STATE_LABELS = {
    "received": lazy_pgettext("report state", "Diterima"),
    "checking": _l("Sedang diperiksa"),
    "forwarded": _l("Diteruskan ke instansi terkait"),
    "answered": _l("Sudah dijawab"),
    "closed": lazy_pgettext("report state", "Selesai"),
}


def category_label(code: str) -> str:
    """The label of a report category in the current language."""
    return str(CATEGORY_LABELS.get(code, code))


def state_label(code: str) -> str:
    """The label of a report state in the current language."""
    return str(STATE_LABELS.get(code, code))
