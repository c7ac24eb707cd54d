"""The indexed search answers exactly what scoring every name answered, in the same order."""

import csv
import random
import re

import pytest
from rapidfuzz import fuzz, process

from relief.areas.facts import FACTS_FILE, area_rows
from relief.areas.names import normalise_name
from relief.public.search import LEVEL_ORDER, Place, Places, match_places


def _rows() -> list[tuple]:
    with FACTS_FILE.open(encoding="utf-8") as facts:
        areas = area_rows(csv.DictReader(facts))
    return [
        (a["code"], a["name"], a["level"], a["kind"], a.get("district_code"), a.get("regency_code"))
        for a in areas
        if a["level"] in LEVEL_ORDER
    ]


ROWS = _rows()


def _scan_places(rows: list[tuple]) -> list[Place]:
    names = {row[0]: row[1] for row in rows}
    return [
        Place(
            code=code,
            name=name,
            level=level,
            kind=kind or "",
            district=names.get(district, "") if level == "village" else "",
            regency=names.get(regency, "") if level != "regency" else "",
            key=normalise_name(name),
        )
        for code, name, level, kind, district, regency in sorted(rows)
    ]


def scan(query: str, places: list[Place], limit: int = 20, cutoff: float = 78) -> list[Place]:
    """The search as it was: rapidfuzz and a prefix test over every name (the reference)."""
    query = query.strip()
    if re.match(r"^[0-9][0-9.\s]*$", query):
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


def _misspellings(rng: random.Random, name: str) -> list[str]:
    """What residents type: a letter dropped, two swapped, one wrong, one extra, a beginning."""
    j = rng.randrange(len(name) - 1)
    letter = rng.choice("aeiouknrs")
    return [
        name[:j] + name[j + 1 :],
        name[:j] + name[j + 1] + name[j] + name[j + 2 :],
        name[:j] + letter + name[j + 1 :],
        name[:j] + letter + name[j:],
        name[: rng.randrange(3, len(name) + 1)],
        name.upper(),
    ]


def _queries() -> list[str]:
    rng = random.Random(17)
    names = [row[1] for row in ROWS]
    villages = rng.sample([row[1] for row in ROWS if row[2] == "village"], 250)
    others = [row[1] for row in ROWS if row[2] != "village"]
    typed = [q for name in villages + others for q in _misspellings(rng, name)]
    codes = [rng.choice(ROWS)[0][: rng.randrange(1, 14)] for _ in range(40)]
    return typed + codes + [f"Desa {n}" for n in rng.sample(names, 20)] + ["3", "36.0", "ab"]


QUERIES = _queries()


@pytest.fixture(scope="module")
def both() -> tuple[Places, list[Place]]:
    return Places(ROWS), _scan_places(ROWS)


@pytest.mark.parametrize("limit", [20, 12, 5])
def test_indexed_search_answers_what_the_full_scan_answered(both, limit):
    places, everything = both
    for query in QUERIES:
        assert match_places(query, places, limit) == scan(query, everything, limit), query


def test_the_row_order_the_database_gives_does_not_change_the_answer(both):
    places, _unused = both
    shuffled = list(ROWS)
    random.Random(3).shuffle(shuffled)
    again = Places(shuffled)
    for query in QUERIES[::7]:
        assert match_places(query, again) == match_places(query, places), query


def test_namesakes_with_equal_scores_come_in_code_order(both):
    places, _unused = both
    banjarsari = [
        p.code
        for p in match_places("Banjarsari", places)
        if p.name == "Banjarsari" and p.level == "village"
    ]
    assert len(banjarsari) >= 6 and banjarsari == sorted(banjarsari)


def test_many_names_sharing_a_stem_keep_the_best_ranked_first():
    rows = [
        (f"36.01.01.{2000 + i}", f"Sukamaju {299 - i:03}", "village", "Desa", None, None)
        for i in range(300)
    ]  # names in the opposite order to codes
    rows.append(("36.01.01", "Sukamaju", "district", "Kecamatan", None, None))
    found = match_places("Sukamaj", Places(rows), limit=5)
    assert found == scan("Sukamaj", _scan_places(rows), limit=5)
    assert [p.name for p in found] == [f"Sukamaju {i:03}" for i in range(5)]
