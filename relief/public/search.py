"""Village search that forgives spelling: an in-process index of area names (rapidfuzz).

A query touches only what can match it: names that begin with what was typed are one slice of
the sorted names, codes one slice of the sorted codes, and rapidfuzz scores only the names
that `NearNames` cannot rule out. The answers are those of scoring every name, in the same
order (tests/public/test_search_index.py); a warm search through the API takes about 1.4 ms at
84,000 villages against 0.8 ms at 1,500 (bench/scale_bench.py).
"""

import re
import threading
import time
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
from flask import current_app
from rapidfuzz import fuzz, process

from relief.areas.names import normalise_name
from relief.areas.revision import current_revision
from relief.extensions import db
from relief.public.near_names import NearNames

_CODE = re.compile(r"^[0-9][0-9.\s]*$")
LEVEL_ORDER = {"village": 0, "district": 1, "regency": 2}
_AREAS = (
    "SELECT code, name, level, kind, district_code, regency_code FROM area"
    " WHERE level IN ('village', 'district', 'regency')"
)
FULL_PREFIX, STEM_PREFIX = 95.0, 90.0  # credit for a name typed only in part


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


# An area as stored: (code, name, level, kind, district_code, regency_code).
AreaRow = tuple[str, str, str, str | None, str | None, str | None]


class Places:
    """Every searchable area, sorted by name key and by code for prefixes, with the letter
    pairs of the keys for near names (pure: built from plain rows)."""

    def __init__(self, rows: Sequence[AreaRow]) -> None:
        # Rows in code order, whatever order the database gave: equal scores then rank
        # namesakes by code, the same in every worker and after every restart.
        self._rows = rows = sorted(rows, key=itemgetter(0))
        codes = [row[0] for row in rows]
        names = [row[1] for row in rows]
        self._names = dict(zip(codes, names, strict=True))
        key_of = {name: normalise_name(name) for name in set(names)}  # namesakes: once each
        self.keys = [key_of[name] for name in names]
        # Equal scores rank villages first, then by name, then by code.
        levels = [LEVEL_ORDER[row[2]] for row in rows]
        self._by_rank = sorted(
            sorted(range(len(rows)), key=names.__getitem__), key=levels.__getitem__
        )
        self._rank = np.empty(len(rows), np.int64)
        self._rank[self._by_rank] = np.arange(len(rows))
        by_key = sorted(range(len(rows)), key=self.keys.__getitem__)
        self._sorted_keys = [self.keys[i] for i in by_key]
        self._rank_by_key = self._rank[by_key]
        # Codes by length, then by code: one slice per length holds the codes with a prefix.
        lengths = [len(code) for code in codes]
        self._by_code = sorted(range(len(rows)), key=lengths.__getitem__)
        self._sorted_codes = [codes[i] for i in self._by_code]
        self._code_lengths = [lengths[i] for i in self._by_code]
        self._near = NearNames(self.keys)

    def place(self, i: int) -> Place:
        """The place in row `i` (rows in code order)."""
        code, name, level, kind, district, regency = self._rows[i]
        return Place(
            code,
            name,
            level,
            kind or "",
            self._names.get(district, "") if level == "village" else "",
            self._names.get(regency, "") if level != "regency" else "",
            self.keys[i],
        )

    def by_code(self, code: str, limit: int) -> list[Place]:
        """Places whose code begins with `code`, shortest (highest level) first, then by code."""
        hits: list[int] = []
        start = 0
        while start < len(self._by_code) and len(hits) < limit:
            end = bisect_left(self._code_lengths, self._code_lengths[start] + 1, start)
            lo, hi = _prefix_slice(self._sorted_codes, code, start, end)
            hits.extend(self._by_code[lo : min(hi, lo + limit - len(hits))])
            start = end
        return [self.place(i) for i in hits]

    def by_name(self, key: str, limit: int, cutoff: float) -> list[Place]:
        """Places whose key is near `key` (rapidfuzz ratio) or begins with it, best first."""
        near = self._near.candidates(key, cutoff).tolist()
        found = process.extract(
            key,
            list(map(self.keys.__getitem__, near)),
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit * 3,
        )
        scores = {near[j]: score for _, score, j in found}
        ranked: list[tuple[int, int]] = []
        if len(key) >= 4:
            # A name that begins with everything typed ranks above one that only shares the stem.
            stem = key[: max(4, len(key) - 1)]
            lo, hi = _prefix_slice(self._sorted_keys, stem)
            full_lo, full_hi = _prefix_slice(self._sorted_keys, key, lo, hi)
            for i in scores:
                if self.keys[i].startswith(stem):
                    credit = FULL_PREFIX if self.keys[i].startswith(key) else STEM_PREFIX
                    scores[i] = max(scores[i], credit)
            # Thousands of names may share a stem; only the `limit` best-ranked of them can make
            # the list: each of those scores at least the credit, so all rank above the rest.
            for credit, spans in (
                (FULL_PREFIX, ((full_lo, full_hi),)),
                (STEM_PREFIX, ((lo, full_lo), (full_hi, hi))),
            ):
                ranks = np.concatenate([self._rank_by_key[a:b] for a, b in spans])
                if len(ranks) > limit > 0:
                    ranks = np.partition(ranks, limit - 1)[:limit]
                ranked.extend(
                    (-round(credit), r) for r in ranks.tolist() if self._by_rank[r] not in scores
                )
        ranked.extend((-round(score), int(self._rank[i])) for i, score in scores.items())
        ranked.sort()
        return [self.place(self._by_rank[r]) for _, r in ranked[:limit]]


def _prefix_slice(ordered: list[str], prefix: str, lo: int = 0, hi: int | None = None):
    """The slice of sorted strings that begin with `prefix`."""
    hi = len(ordered) if hi is None else hi
    start = bisect_left(ordered, prefix, lo, hi)
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past every such name
    return start, bisect_left(ordered, after, start, hi)


def match_places(query: str, places: Places, limit: int = 20, cutoff: float = 78) -> list[Place]:
    """Places whose name or code fits the query, best first (pure)."""
    query = query.strip()
    if _CODE.match(query):
        return places.by_code(re.sub(r"\s", "", query), limit)
    key = normalise_name(query)
    if len(key) < 3:
        return []
    return places.by_name(key, limit, cutoff)


class SearchIndex:
    """The names of every village, district and regency, built on first use and kept while
    the area revision (relief.areas.revision) stays the same.

    Areas are imported by other processes too (`flask areas load-facts`, `flask geodata
    import`, the other web workers of `make serve`): an index kept until the importing
    process cleared it went on answering from the old names in every other process, or from
    none at all where a resident had searched before the first import. The revision is read
    again once SEARCH_RECHECK_SECONDS have passed since it was last read (a primary-key read,
    but a request's whole database round: a warm search was 1.9 ms reading it every time
    against 0.7 ms without, 1,500 villages); the importing process clears its own index
    after the commit (relief.unit_of_work), so its next search sees the change at once.
    """

    def __init__(self) -> None:
        self._built: tuple[str, Places] | None = None
        self._checked_at = float("-inf")  # time.monotonic() of the last revision read
        self._lock = threading.Lock()

    def places(self) -> Places:
        """The indexed places, loaded from the database again when the revision changed."""
        built = self._built
        recheck = current_app.config["SEARCH_RECHECK_SECONDS"]
        if built is not None and time.monotonic() - self._checked_at < recheck:
            return built[1]
        revision = current_revision()
        self._checked_at = time.monotonic()
        if built is None or built[0] != revision:
            with self._lock:
                built = self._built
                if built is None or built[0] != revision:
                    built = self._built = (revision, Places(_load_rows()))
        return built[1]

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
        """Forget the index (areas changed in this process): the next search builds it."""
        self._built = None


def _load_rows() -> Sequence[AreaRow]:
    """Every village, district and regency, in one query read through the driver's own cursor:
    at 92,000 areas SQLAlchemy's row objects cost more than the query (0.18 s of 0.29 s)."""
    cursor = db.session.connection().connection.driver_connection.cursor()
    try:
        cursor.execute(_AREAS)
        return cursor.fetchall()
    finally:
        cursor.close()


index = SearchIndex()  # also cleared by the write boundary after its own area changes
