"""Villages named the way people type them: "Banjarsari, Warunggunung", "Desa Sukajaya".

Bulk imports take a village name where a code is expected; Banten alone has six villages
called Banjarsari, so a name is accepted only when it names one village, with the kecamatan
(and kabupaten) as people add them to tell namesakes apart. Near misses ("Banjarsar") are
accepted only when one village fits.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import aliased

from relief.areas.models import Area
from relief.areas.queries import place_label
from relief.extensions import db

# Words people type in front of names, and old or local spellings of the same sounds.
_PREFIXES = re.compile(
    r"^(desa|kelurahan|kel|ds|kecamatan|kec|kabupaten|kab|kota)\b\.?\s*", re.IGNORECASE
)
_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"))
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
NEAR = 88  # rapidfuzz ratio from which a misspelt name may stand for a village


def normalise_name(text: str) -> str:
    """Lower case, no prefix such as "Desa", no spaces or punctuation, modern spelling."""
    text = _NOT_ALNUM.sub("", _PREFIXES.sub("", text.strip().lower()))
    for old, new in _SPELLINGS:
        if old in text:
            text = text.replace(old, new)
    return text


@dataclass(frozen=True)
class Village:
    """A village with the names above it, keyed for matching."""

    code: str
    label: str  # "Desa Banjarsari, Kec. Warunggunung, Kab. Lebak"
    key: str
    district_key: str
    regency_key: str


def load_villages(regency_codes: list[str] | None = None) -> list[Village]:
    """The villages of some regencies (all when none are given), in one query."""
    district, regency = aliased(Area), aliased(Area)
    stmt = (
        select(Area.code, Area.kind, Area.name, district.name, regency.name)
        .outerjoin(district, district.code == Area.district_code)
        .outerjoin(regency, regency.code == Area.regency_code)
        .where(Area.level == "village")
    )
    if regency_codes:
        stmt = stmt.where(Area.regency_code.in_(regency_codes))
    return [
        Village(
            code,
            place_label(kind, name, d or "", r or ""),
            normalise_name(name),
            normalise_name(d or ""),
            normalise_name(r or ""),
        )
        for code, kind, name, d, r in db.session.execute(stmt)
    ]


@dataclass
class Match:
    """The village a typed name stands for, or why none: candidates when several fit."""

    code: str | None = None
    candidates: tuple[Village, ...] = ()
    near: tuple[Village, ...] = ()


def split_place(text: str, district: str = "", regency: str = "") -> tuple[str, str, str]:
    """("Banjarsari", "Warunggunung", "") from "Banjarsari, Warunggunung" or separate cells."""
    parts = [p.strip() for p in text.split(",")]
    name = parts[0]
    district = district or (parts[1] if len(parts) > 1 else "")
    regency = regency or (parts[2] if len(parts) > 2 else "")
    return name, district, regency


def _fits(village: Village, district_key: str, regency_key: str) -> bool:
    return (not district_key or village.district_key == district_key) and (
        not regency_key or village.regency_key == regency_key
    )


def match_village(
    villages: list[Village],
    text: str,
    district: str = "",
    regency: str = "",
    by_key: dict[str, list[Village]] | None = None,
) -> Match:
    """The one village that `text` (with optional kecamatan and kabupaten) names (pure).
    `by_key` (villages by name key, from `index_by_key`) spares a scan for exact names."""
    name, district, regency = split_place(text, district, regency)
    key, district_key, regency_key = (
        normalise_name(name),
        normalise_name(district),
        normalise_name(regency),
    )
    if not key:
        return Match()
    named = by_key.get(key, []) if by_key is not None else [v for v in villages if v.key == key]
    exact = [v for v in named if _fits(v, district_key, regency_key)]
    if len(exact) == 1:
        return Match(code=exact[0].code)
    if exact:
        return Match(candidates=tuple(exact))
    fitting = [v for v in villages if _fits(v, district_key, regency_key)]
    scored = process.extract(
        key, [v.key for v in fitting], scorer=fuzz.ratio, score_cutoff=NEAR - 20, limit=5
    )
    near = [fitting[i] for _, score, i in scored if score >= NEAR]
    if len(near) == 1:
        return Match(code=near[0].code)
    return Match(candidates=tuple(near), near=tuple(fitting[i] for _, _, i in scored))


def index_by_key(villages: list[Village]) -> dict[str, list[Village]]:
    """Villages by their name key (namesakes together)."""
    index: dict[str, list[Village]] = {}
    for village in villages:
        index.setdefault(village.key, []).append(village)
    return index
