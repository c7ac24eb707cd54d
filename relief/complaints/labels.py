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

# What a handling step did, in words (the history of a complaint).
ACTION_LABELS = {
    "create": _l("mengirim pengaduan"),
    "verify": _l("memverifikasi"),
    "forward": _l("meneruskan ke instansi"),
    "reply": _l("menjawab"),
    "link": _l("menautkan ke peringatan"),
    "close": _l("menutup"),
    "answer": _l("instansi menjawab"),
    "demo": _l("memperbarui (data demo)"),
}

# How the complaint arrived.
CHANNEL_LABELS = {
    "web": _l("formulir situs"),
    "api": _l("aplikasi (API)"),
    "sms": _l("SMS"),
    "phone": _l("telepon"),
    "whatsapp": _l("WhatsApp"),
}


def action_label(code: str) -> str:
    """A complaint handling step in words ("memverifikasi"), never its code ("verify")."""
    return str(ACTION_LABELS.get(code, code))


def channel_label(code: str | None) -> str:
    """How a complaint arrived, in words ("formulir situs"), never its code ("web")."""
    return str(CHANNEL_LABELS.get(code or "", code or "—"))


def category_label(code: str) -> str:
    """The label of a report category in the current language."""
    return str(CATEGORY_LABELS.get(code, code))


def state_label(code: str) -> str:
    """The label of a report state in the current language."""
    return str(STATE_LABELS.get(code, code))
