"""Plain-language labels of the public pages (translated)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from relief.complaints.labels import (  # noqa: F401 - the public pages use them too
    CATEGORY_LABELS,
    STATE_LABELS,
    category_label,
    state_label,
)

# Who a norm counts: (per, basis) -> words for "for N ..." (in running text: the form label
# "KK terdampak" is "Households affected", here it is "affected households")
COUNTED_PEOPLE = {
    ("person", "displaced"): _l("pengungsi"),
    ("person", "affected"): _l("warga terdampak"),
    ("household", "displaced"): _l("KK pengungsi"),
    ("household", "affected"): lazy_pgettext("counted", "KK terdampak"),
}

CONFIRMER_ROLES = {
    "kepala_desa": _l("Kepala desa / lurah"),
    "perangkat_desa": _l("Perangkat desa"),
    "koordinator_posko": _l("Koordinator posko"),
    "lainnya": _l("Lainnya"),
}


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
