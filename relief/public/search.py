"""Village search that forgives spelling: an in-process index of area names (rapidfuzz)."""

import re
import threading
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select

from relief.areas.models import Area
from relief.areas.names import normalise_name
from relief.extensions import db

_CODE = re.compile(r"^[0-9][0-9.\s]*$")
LEVEL_ORDER = {"village": 0, "district": 1, "regency": 2}


@dataclass(frozen=True)
class Place:
    """One searchable area with the names of the areas above it."""

    code: str
    name: str
    level: str
    kind: str
    district: str
    regency: str
    key: str


def match_places(query: str, places: list[Place], limit: int = 20, cutoff: float = 78) -> list:
    """Places whose name or code fits the query, best first (pure)."""
    query = query.strip()
    if _CODE.match(query):
        code = re.sub(r"\s", "", query)
        hits = [p for p in places if p.code.startswith(code)]
        return sorted(hits, key=lambda p: (len(p.code), p.code))[:limit]
    key = normalise_name(query)
    if len(key) < 3:
        return []
    keys = [p.key for p in places]
    scores = {
        i: s
        for _, s, i in process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 3
        )
    }
    if len(key) >= 4:
        # Credit for a name typed only in part ("lebakge" for Lebakgedong).
        # A name that begins with everything typed ranks above one that only shares the stem.
        stem = key[: max(4, len(key) - 1)]
        for i, candidate in enumerate(keys):
            if candidate.startswith(stem):
                full = candidate.startswith(key)
                scores[i] = max(scores.get(i, 0.0), 95.0 if full else 90.0)
    ranked = sorted(
        scores.items(),
        key=lambda item: (
            -round(item[1]),
            LEVEL_ORDER[places[item[0]].level],
            places[item[0]].name,
        ),
    )
    return [places[i] for i, _ in ranked[:limit]]


class SearchIndex:
    """The names of every village, district and regency, built on first use and kept."""

    def __init__(self) -> None:
        self._places: list[Place] | None = None
        self._lock = threading.Lock()

    def places(self) -> list[Place]:
        """The indexed places, loading them from the database once."""
        if self._places is None:
            with self._lock:
                if self._places is None:
                    self._places = _load_places()
        return self._places

    def search(self, query: str, limit: int = 20) -> list[Place]:
        """Best matches for what a resident typed."""
        return match_places(query, self.places(), limit=limit)

    def resolve_village(self, text: str) -> tuple[Place | None, list[Place]]:
        """The village a resident meant (by code or unambiguous name), else candidates."""
        text = (text or "").strip()
        villages = [p for p in self.search(text, limit=12) if p.level == "village"]
        exact = [p for p in villages if p.code == text or p.key == normalise_name(text)]
        if len(exact) == 1:
            return exact[0], []
        return None, (exact or villages)[:8]

    def clear(self, *args, **kwargs) -> None:
        """Forget the index (area names changed)."""
        self._places = None


def _load_places() -> list[Place]:

    rows = db.session.execute(
        select(
            Area.code, Area.name, Area.level, Area.kind, Area.district_code, Area.regency_code
        ).where(Area.level.in_(tuple(LEVEL_ORDER)))
    ).all()
    names = {r.code: r.name for r in rows}
    return [
        Place(
            code=r.code,
            name=r.name,
            level=r.level,
            kind=r.kind or "",
            district=names.get(r.district_code, "") if r.level == "village" else "",
            regency=names.get(r.regency_code, "") if r.level != "regency" else "",
            key=normalise_name(r.name),
        )
        for r in rows
    ]


index = SearchIndex()  # cleared by the write boundary after a boundary import
