"""Default severity policy and its settings."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relief.coverage.severity import (
    DEFAULT_POLICY,
    default_severity,
    is_worst_hit,
    policy_from_config,
)

# The machine is shared: keep property tests small and free of deadlines.
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_any_death_makes_severity_five():
    assert default_severity(population=10_000, deaths=1) == 5


def test_a_third_displaced_makes_severity_five():
    assert default_severity(population=1000, displaced=300) == 5


def test_a_hundred_houses_heavily_damaged_make_severity_five():
    assert default_severity(population=None, houses_heavy=100) == 5


def test_ten_percent_displaced_makes_severity_four():
    assert default_severity(population=1000, displaced=100) == 4


def test_twenty_five_heavy_houses_make_severity_four():
    assert default_severity(population=1000, houses_heavy=25) == 4


def test_anyone_displaced_makes_severity_three():
    assert default_severity(population=1000, displaced=1) == 3


def test_ten_percent_affected_makes_severity_three():
    assert default_severity(population=1000, affected=100) == 3


def test_anyone_affected_makes_severity_two():
    assert default_severity(population=1000, affected=1) == 2


def test_nothing_reported_is_severity_one():
    assert default_severity(population=1000) == 1


def test_settings_override_thresholds():
    policy = policy_from_config({"SEVERITY_POLICY": {"level4_houses_heavy": 5}})
    assert default_severity(population=1000, houses_heavy=5, policy=policy) == 4
    assert policy.level5_houses_heavy == DEFAULT_POLICY.level5_houses_heavy


def test_worst_hit_starts_at_severity_four():
    assert [is_worst_hit(s) for s in (None, 3, 4, 5)] == [False, False, True, True]


counts = st.integers(0, 5000)


@FAST
@given(st.integers(1, 10_000), counts, counts, counts, st.integers(0, 5), counts)
def test_more_displaced_never_lowers_severity(
    population, affected, displaced, heavy, deaths, extra
):
    base = default_severity(
        population=population,
        affected=affected,
        displaced=displaced,
        houses_heavy=heavy,
        deaths=deaths,
    )
    more = default_severity(
        population=population,
        affected=affected,
        displaced=displaced + extra,
        houses_heavy=heavy,
        deaths=deaths,
    )
    assert 1 <= base <= more <= 5
