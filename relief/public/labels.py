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

# Who a norm counts: (per, basis) -> words for "for N ..."
COUNTED_PEOPLE = {
    ("person", "displaced"): _l("pengungsi"),
    ("person", "affected"): _l("warga terdampak"),
    ("household", "displaced"): _l("KK pengungsi"),
    ("household", "affected"): _l("KK terdampak"),
}

CONFIRMER_ROLES = {
    "kepala_desa": _l("Kepala desa / lurah"),
    "perangkat_desa": _l("Perangkat desa"),
    "koordinator_posko": _l("Koordinator posko"),
    "lainnya": _l("Lainnya"),
}


def category_label(code: str) -> str:
    """The label of a report category in the current language."""
    return str(CATEGORY_LABELS.get(code, code))


def state_label(code: str) -> str:
    """The label of a report state in the current language."""
    return str(STATE_LABELS.get(code, code))


def steps_taken(history) -> list[dict]:
    """The handling steps that really happened, oldest first, each with its date.

    Built from the report's recorded changes only: a step is shown when the report entered
    that state, never because a later state implies it (a report answered directly was
    never forwarded). A forward names the receiving unit it was recorded with.
    """
    steps = []
    for change in history:
        if change.action != "create" and change.to_state == change.from_state:
            continue
        unit = change.note.strip() if change.action == "forward" else ""
        steps.append({"state": change.to_state, "at": change.at, "unit": unit})
    return steps
