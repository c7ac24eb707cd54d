"""The coverage demo matches the reported totals of early January 2020."""

import random
from datetime import UTC, datetime

from relief.coverage.queries import area_coverage, village_coverage
from relief.demo import coverage as demo
from relief.demo import events as event_demo
from relief.demo.coverage_figures import LEBAK_LIGHT, LEBAK_NAMED

REPORTED = datetime(2020, 1, 4, tzinfo=UTC)


def _load():
    event_demo.load(random.Random(1))
    demo.load(random.Random(1))
    return event_demo.demo_event().id


def test_split_adds_up_to_the_total():
    assert sum(demo.split(11_400, [3.1, 0.2, 7.7, 1.0])) == 11_400


def test_demo_matches_the_reported_totals(app_ctx):
    event_id = _load()
    regencies = {
        r["code"]: r for r in area_coverage(event_id, REPORTED, "regency", commodity="clothing")
    }
    assert regencies["36.02"]["displaced"] == 11_400
    # the reported 28, and the lightly hit villages the demo adds (affected, not displaced)
    assert regencies["36.02"]["villages"] == 28 + LEBAK_LIGHT["villages"]
    assert regencies["36.71"]["displaced"] == 3_350
    assert regencies["36.74"]["affected"] == 65_001
    assert regencies["36.03"]["affected"] == 20_305
    lebak = [r for r in village_coverage(event_id, REPORTED, parent="36.02", commodity="medicine")]
    assert sum(r["displaced_households"] for r in lebak) == 2_914


def test_demo_names_the_reported_villages_and_is_deterministic(app_ctx):
    event_id = _load()
    codes = {r["code"] for r in village_coverage(event_id, REPORTED, commodity="rice")}
    assert set(LEBAK_NAMED) <= codes
    assert demo.load(random.Random(1)) == "assessments exist"
