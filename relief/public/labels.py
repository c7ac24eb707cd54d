"""Plain-language labels of the public pages (translated)."""

from flask_babel import lazy_gettext as _l

from relief.complaints.labels import (  # noqa: F401 - the public pages use them too
    CATEGORY_LABELS,
    STATE_LABELS,
    category_label,
    state_label,
)

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
