"""Commodities and units named the way people type them (pure, over loaded rows).

"Beras", "rice", "BERAS " and "obat" (the start of one name) name one commodity;
"karung 25 kg", "Karung 25kg", "25 kg sack" and "sack25" one unit of it. A near miss
("Berass") stands for a name only when one commodity (or unit) fits; otherwise the caller
lists what is accepted.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

NEAR = 85  # rapidfuzz ratio from which a misspelt name may stand for one thing


def key(text: str) -> str:
    """Lower case without spaces or punctuation: "Karung 25 Kg" -> "karung25kg"."""
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


@dataclass
class Names:
    """Typed names (keyed) of a set of codes, and how to list the codes for people."""

    keys: dict[str, set[str]] = field(default_factory=dict)  # key -> codes it may mean
    labels: dict[str, str] = field(default_factory=dict)  # code -> "Beras (rice)"

    def add(self, code: str, label: str, *names: str) -> None:
        """Let `code` be typed as its code or any of `names`."""
        self.labels.setdefault(code, label)
        for name in (code, *names):
            if key(name):
                self.keys.setdefault(key(name), set()).add(code)

    def resolve(self, text: str) -> str | None:
        """The one code `text` names, exactly or as an unambiguous near miss; else None."""
        typed = key(text)
        if not typed:
            return None
        exact = self.keys.get(typed, set())
        if exact:
            return next(iter(exact)) if len(exact) == 1 else None
        # The start of one name ("obat" for Obat-obatan, "hygiene" for Hygiene kit).
        starts = {
            c
            for name, codes in self.keys.items()
            if len(typed) >= 4 and name.startswith(typed)
            for c in codes
        }
        if len(starts) == 1:
            return starts.pop()
        scored = process.extract(
            typed, list(self.keys), scorer=fuzz.ratio, score_cutoff=NEAR, limit=10
        )
        codes = {code for name, _, _ in scored for code in self.keys[name]}
        return codes.pop() if len(codes) == 1 else None

    def accepted(self) -> str:
        """What may be typed, for an error message: "Beras (rice), Pakaian (clothing)"."""
        return ", ".join(self.labels[c] for c in self.labels)


def _bare(name: str) -> str:
    """A name without its bracketed part: "Obat-obatan (paket keluarga)" -> "Obat-obatan"."""
    return re.sub(r"\s*\(.*?\)", "", name).strip()


def _indonesian(thing) -> str:
    return thing.name_id


def commodity_names(commodities, name_of=_indonesian) -> Names:
    """The commodities by code, Indonesian and English name (with and without brackets);
    `name_of` gives the name shown in the list of accepted values."""
    names = Names()
    for c in commodities:
        names.add(
            c.code,
            f"{name_of(c)} ({c.code})",
            c.name_id,
            c.name_en,
            _bare(c.name_id),
            _bare(c.name_en),
        )
    return names


def unit_names(commodity, name_of=_indonesian) -> Names:
    """One commodity's units by code, Indonesian and English name."""
    names = Names()
    for u in commodity.units:
        label = name_of(u) if key(name_of(u)) == key(u.code) else f"{name_of(u)} ({u.code})"
        names.add(u.code, label, u.name_id, u.name_en)
    return names
