"""Point lookups on the real Banten villages: PostGIS (PostgreSQL runs) and the STRtree
(SQLite, or forced) give the same answers, the ones the shapes say."""

import random

import pytest
from sqlalchemy import text

from relief.areas import postgis, spatial
from relief.extensions import db

# (lat, lon) probes found in ../shared/geodata/banten_villages.geojson.
INSIDE = (-6.657513, 105.59305)  # 36.01.01.2001's interior point
ISLAND = (-6.6560425, 105.58267629545455)  # the smallest of 36.01.01.2002's 19 parts
BORDER = (-6.665978, 105.591566)  # a vertex shared by 36.01.01.2001 and 36.01.01.2002
GAP = (-6.4715715, 105.88296884962406)  # a sliver between 36.01.24.2010 (2.19 m), .2014 (2.20)
OFFSHORE_NEAR = (-6.643015, 105.579573)  # 110.5 m west of 36.01.01.2001
OFFSHORE_FAR = (-6.643015, 105.577573)  # 331.6 m west of it: beyond the 200 m tolerance
NOWHERE = (-2.0, 110.0)
PROBES = [INSIDE, ISLAND, BORDER, GAP, OFFSHORE_NEAR, OFFSHORE_FAR, NOWHERE]


@pytest.fixture
def strtree(app):
    """Switch lookups to the in-process STRtree for the test."""

    def use(on: bool = True) -> None:
        app.config["GEODATA_LOOKUP_ENGINE"] = "strtree" if on else "auto"

    yield use
    use(False)


def _answers(points, tolerance_m=200):
    return [spatial.village_at(lat, lon, tolerance_m) for lat, lon in points]


def _needs_postgis():
    if spatial.engine() != "postgis":
        pytest.skip("PostGIS lookups need PostgreSQL with the postgis extension")


def test_lookups_answer_what_the_real_shapes_say(app, real_villages):
    with app.app_context():
        inside, island, border, gap, near, far, nowhere = _answers(PROBES)
    assert inside == ("36.01.01.2001", 0.0, True)
    assert island == ("36.01.01.2002", 0.0, True)
    assert border == ("36.01.01.2001", 0.0, True)  # on both: the smaller village answers
    assert gap[0] == "36.01.24.2010" and gap[2] is False and 2.19 < gap[1] < 2.195
    assert near[0] == "36.01.01.2001" and near[2] is False and 110 < near[1] < 111
    assert far is None and nowhere is None


def test_postgres_runs_answer_lookups_through_postgis(app):
    with app.app_context():
        expected = "postgis" if db.engine.dialect.name == "postgresql" else "strtree"
        if expected == "postgis" and not postgis.available(db.session):
            pytest.skip("this PostgreSQL has no PostGIS (CI fails instead)")
        assert spatial.engine() == expected


def test_postgis_and_strtree_give_identical_answers(app, real_villages, strtree):
    rng = random.Random(5)
    points = PROBES + [(rng.uniform(-7.0, -5.9), rng.uniform(105.1, 106.8)) for _ in range(300)]
    with app.app_context():
        _needs_postgis()
        theirs = _answers(points) + _answers(points, tolerance_m=3000)
        strtree()
        ours = _answers(points) + _answers(points, tolerance_m=3000)
    assert theirs == ours  # codes, exactness and distances to the last bit
    assert sum(1 for a in ours if a and not a[2]) > 10  # the gap path was exercised


def test_distance_to_a_village_is_the_same_on_both_engines(app, real_villages, strtree):
    with app.app_context():
        _needs_postgis()
        theirs = [spatial.distance_to_village_m("36.01.01.2001", *p) for p in PROBES]
        strtree()
        ours = [spatial.distance_to_village_m("36.01.01.2001", *p) for p in PROBES]
    assert theirs == ours and theirs[0] == 0.0 and 110 < theirs[4] < 111


@pytest.mark.parametrize("query", ["_CONTAINING", "_NEAR"])
def test_postgis_lookups_use_the_village_index(app, real_villages, query):
    with app.app_context():
        _needs_postgis()
        db.session.execute(text("ANALYZE area"))
        plan = db.session.execute(
            text(f"EXPLAIN {getattr(postgis, query).text}"),
            {"lat": GAP[0], "lon": GAP[1], "reach": 0.002},
        ).scalars()
        assert postgis.INDEX in "\n".join(plan)
