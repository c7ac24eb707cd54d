"""Roll-ups that cannot hide a village: band, villages_red, worst_village (issue 15)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from relief.areas.models import Area
from relief.coverage.math import band, rollup_band
from relief.coverage.queries import area_coverage, area_rollup, village_coverage
from relief.coverage.views import area_rows
from relief.extensions import db
from tests.coverage.conftest import BANJARSARI, LEBAK, LEBAKGEDONG_DISTRICT, at

coverages = st.one_of(st.none(), st.floats(min_value=0, max_value=5, allow_nan=False))


@given(coverages, st.integers(min_value=0, max_value=50))
def test_rollup_band_is_never_green_while_a_worst_hit_village_is_red(coverage, red):
    found = rollup_band(coverage, red)
    if red > 0:
        assert found != "green"
    else:
        assert found == band(coverage)
    # capping never improves a band
    order = {None: 3, "red": 0, "yellow": 1, "green": 2}
    assert order[found] <= order[band(coverage)]


def _lebak_villages(n: int) -> list[str]:
    """The first village of each of n Lebak districts (real codes from the reference table)."""
    codes = db.session.scalars(
        select(Area.code)
        .where(Area.level == "village", Area.regency_code == LEBAK)
        .order_by(Area.code)
    )
    by_district: dict[str, str] = {}
    for code in codes:
        by_district.setdefault(code[:8], code)
    picked = [BANJARSARI] + [c for d, c in sorted(by_district.items()) if d != LEBAKGEDONG_DISTRICT]
    return picked[:n]


def test_a_regency_with_one_red_worst_hit_village_is_not_green(
    make_event, make_assessment, make_delivery
):
    event = make_event()
    banjarsari, *others = _lebak_villages(6)
    # Banjarsari: worst-hit, 100 displaced, 40 % of its rice after 4 days (64 of 160 kg).
    make_assessment(
        event,
        village=banjarsari,
        severity=5,
        displaced_persons=100,
        displaced_households=25,
        affected_persons=100,
        households=25,
    )
    make_delivery(
        event, village=banjarsari, items=[("rice", 64.0), ("clothing", 100.0), ("medicine", 25.0)]
    )
    # Five lightly hit villages got far more than they needed.
    for code in others:
        make_assessment(
            event,
            village=code,
            severity=3,
            displaced_persons=100,
            displaced_households=25,
            affected_persons=100,
            households=25,
        )
        make_delivery(
            event, village=code, items=[("rice", 400.0), ("clothing", 200.0), ("medicine", 50.0)]
        )
    rice = next(
        r
        for r in area_coverage(event.id, at(5), "regency")
        if r["code"] == LEBAK and r["commodity"] == "rice"
    )
    assert band(rice["coverage"]) == "green"  # sum over sum: (64 + 5 x 400) / (6 x 160)
    assert rice["band"] == "yellow" and rice["villages_red"] == 1
    assert rice["villages_assessed"] == 6
    assert rice["worst_village"]["code"] == banjarsari
    assert rice["worst_village"]["coverage"] == pytest.approx(0.4)
    (lebak,) = [a for a in area_rows(event.id, at(5), "regency", None) if a["code"] == LEBAK]
    assert lebak["villages_red"] == 1 and lebak["band"] == "yellow"
    assert lebak["worst_village"]["code"] == banjarsari
    district = area_rollup(event.id, at(5), "district", LEBAK)[LEBAKGEDONG_DISTRICT]
    assert district["villages_red"] == 1 and district["villages_assessed"] == 1


def test_a_red_village_that_is_not_worst_hit_does_not_cap_the_band(
    make_event, make_assessment, make_delivery
):
    event = make_event()
    codes = _lebak_villages(3)
    for i, code in enumerate(codes):
        make_assessment(
            event,
            village=code,
            severity=3,
            displaced_persons=100,
            displaced_households=25,
            affected_persons=100,
            households=25,
        )
        make_delivery(event, village=code, items=[("rice", 64.0 if i == 0 else 400.0)])
    rice = next(r for r in area_coverage(event.id, at(5), "regency", commodity="rice"))
    assert rice["villages_red"] == 0 and rice["band"] == "green"
    assert rice["worst_village"]["code"] == codes[0]


village_cases = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=5),  # severity
        st.integers(min_value=0, max_value=400),  # displaced persons
        st.floats(min_value=0, max_value=2, allow_nan=False),
    ),  # share of rice sent
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=village_cases)
def test_on_random_data_rows_count_their_red_worst_hit_villages_and_are_never_green_then(
    make_event, make_assessment, make_delivery, cases
):
    event = make_event()
    codes = _lebak_villages(len(cases))
    for code, (severity, displaced, share) in zip(codes, cases, strict=False):
        make_assessment(
            event,
            village=code,
            severity=severity,
            displaced_persons=displaced,
            displaced_households=max(1, displaced // 4) if displaced else 0,
        )
        quantity = round(displaced * 0.4 * 4 * share, 1)
        if quantity > 0:
            make_delivery(event, village=code, items=[("rice", quantity)])
    villages = [r for r in village_coverage(event.id, at(5), commodity="rice")]
    for level, key in (("regency", "regency_code"), ("district", "district_code")):
        for row in area_coverage(event.id, at(5), level, commodity="rice"):
            mine = [v for v in villages if v[key] == row["code"]]
            red = [v for v in mine if (v["severity"] or 0) >= 4 and band(v["coverage"]) == "red"]
            assert row["villages_red"] == len(red)
            if red:
                assert row["band"] != "green"
            with_need = [v for v in mine if v["coverage"] is not None]
            if with_need:
                assert row["worst_village"]["coverage"] == pytest.approx(
                    min(v["coverage"] for v in with_need)
                )
            else:
                assert row["worst_village"] is None
