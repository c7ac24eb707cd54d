"""The near-name filter never drops a name that reaches the cutoff, and rules out most others."""

import csv
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from relief.areas.facts import FACTS_FILE
from relief.areas.names import normalise_name
from relief.public.near_names import NearNames

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Few letters, so that names share many pairs and repeat them: the bound's hardest cases.
WORDS = st.text(alphabet="abn", min_size=0, max_size=12)


def _matches(keys: list[str], key: str, cutoff: float) -> set[int]:
    return {i for i, candidate in enumerate(keys) if fuzz.ratio(key, candidate) >= cutoff}


def _banten_keys() -> list[str]:
    with FACTS_FILE.open(encoding="utf-8") as facts:
        return [normalise_name(row["name"]) for row in csv.DictReader(facts)]


@FAST
@given(
    keys=st.lists(WORDS, max_size=40),
    key=WORDS.filter(bool),
    cutoff=st.sampled_from([0, 40, 60, 78, 88, 95, 100]),
)
def test_candidates_hold_every_name_that_reaches_the_cutoff(keys, key, cutoff):
    candidates = NearNames(keys).candidates(key, cutoff).tolist()
    assert candidates == sorted(set(candidates))
    assert _matches(keys, key, cutoff) <= set(candidates)


def test_letters_the_names_do_not_hold_rule_nothing_out_wrongly():
    keys = ["cikande", "cikande2", "kande", ""]
    assert _matches(keys, "cikandé", 60) <= set(NearNames(keys).candidates("cikandé", 60))


def test_misspelt_banten_names_keep_their_matches_among_few_candidates():
    keys = _banten_keys()
    near = NearNames(keys)
    rng = random.Random(17)
    sizes = []
    for name in rng.sample(keys, 150):
        j = rng.randrange(len(name))
        for typed in (
            name[:j] + name[j + 1 :],
            name[:j] + "x" + name[j + 1 :],
            name[:j] + "a" + name[j:],
        ):
            candidates = set(near.candidates(typed, 78).tolist())
            assert _matches(keys, typed, 78) <= candidates
            sizes.append(len(candidates))
    assert sorted(sizes)[len(sizes) // 2] < len(keys) / 20  # the median query scores < 5%
