"""Coverage arithmetic: days, need, coverage, weakest link, sum over sum, bands."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relief.coverage import math as cm

START, UNTIL = date(2020, 1, 1), date(2020, 1, 28)


def test_days_are_at_least_one_on_the_first_day():
    assert cm.need_days(START, UNTIL, datetime(2020, 1, 1, 3, tzinfo=UTC), "day") == 1


def test_days_count_since_the_start_in_local_time():
    # 18:00 UTC on 4 January is already 5 January in Banten (UTC+7)
    assert cm.need_days(START, UNTIL, datetime(2020, 1, 4, 18, tzinfo=UTC), "day") == 4


def test_days_stop_at_the_end_of_the_emergency_period():
    assert cm.need_days(START, UNTIL, date(2020, 3, 1), "day") == 28


def test_once_only_norms_count_one_day():
    assert cm.need_days(START, UNTIL, date(2020, 1, 20), "once") == 1


def test_coverage_is_none_where_nothing_is_needed():
    assert cm.coverage(50, 0) is None


def test_coverage_is_a_fraction():
    assert cm.coverage(50, 200) == 0.25


def test_weakest_link_ignores_commodities_without_need_and_non_core():
    value = cm.weakest_link(
        {"rice": 0.9, "clothing": None, "water": 0.1, "medicine": 0.4},
        core=("rice", "clothing", "medicine"),
    )
    assert value == 0.4


def test_weakest_link_is_none_when_no_core_commodity_was_needed():
    assert cm.weakest_link({"rice": None}, core=("rice", "medicine")) is None


def test_sum_over_sum_is_not_a_mean_of_ratios():
    assert cm.sum_over_sum([(100, 0), (10, 10)]) == pytest.approx(10 / 110)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.81, "green"), (0.8099, "yellow"), (0.51, "yellow"), (0.5099, "red"), (None, None)],
)
def test_bands_follow_the_ombudsman_cut_points(value, expected):
    assert cm.band(value) == expected


pairs = st.lists(
    st.tuples(st.floats(1e-3, 1e6, allow_nan=False), st.floats(0, 1e6, allow_nan=False)),
    min_size=1,
    max_size=20,
)

# The machine is shared: keep property tests small and free of deadlines.
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(pairs)
def test_sum_over_sum_lies_between_the_smallest_and_largest_ratio(values):
    ratios = [d / n for n, d in values]
    total = cm.sum_over_sum(values)
    assert min(ratios) * (1 - 1e-9) - 1e-9 <= total <= max(ratios) * (1 + 1e-9) + 1e-9


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["rice", "medicine", "clothing"]),
        st.one_of(st.none(), st.floats(0, 10, allow_nan=False)),
    )
)
def test_weakest_link_is_never_above_any_core_coverage(coverages):
    weakest = cm.weakest_link(coverages, core=("rice", "medicine", "clothing"))
    for value in coverages.values():
        if value is not None:
            assert weakest <= value


@FAST
@given(st.dates(date(2019, 1, 1), date(2021, 1, 1)))
def test_days_stay_within_one_and_the_emergency_length(day):
    assert 1 <= cm.need_days(START, UNTIL, day, "day") <= 28


@FAST
@given(
    st.integers(0, 100_000),
    st.floats(0.01, 10),
    st.integers(1, 60),
    st.floats(0, 1e6, allow_nan=False),
)
def test_coverage_times_need_gives_back_delivered(basis, amount, days, delivered):
    need = cm.need(basis, amount, days)
    value = cm.coverage(delivered, need)
    if need > 0:
        assert value * need == pytest.approx(delivered, rel=1e-9, abs=1e-6)
    else:
        assert value is None
