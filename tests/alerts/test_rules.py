"""Each rule's pure predicate at and around its thresholds (DESIGN section 5 defaults)."""

from datetime import UTC, datetime, timedelta

import pytest

from relief.alerts.rules import RULES
from relief.alerts.settings import DEFAULTS

T = {k: v for k, v in DEFAULTS.items() if k.startswith("ALERT_")}
NOW = datetime(2020, 1, 10, 12, tzinfo=UTC)


def check(kind: str, **row):
    return RULES[kind].check(row, T)


def supply(severity: int, coverage: float | None, hours: float = 72):
    return check(
        "undersupplied",
        severity=severity,
        coverage=coverage,
        need=100.0,
        delivered=(coverage or 0) * 100,
        as_of=NOW,
        first_assessed_at=NOW - timedelta(hours=hours),
    )


@pytest.mark.parametrize(
    ("severity", "coverage", "level"),
    [
        (4, 0.49, "critical"),
        (5, 0.0, "critical"),
        (4, 0.5, "warning"),
        (4, 0.79, "warning"),
        (4, 0.8, None),
        (3, 0.49, "warning"),
        (3, 0.79, "warning"),
        (3, 0.8, None),
        (2, 0.0, None),
        (4, None, None),
    ],
)
def test_undersupplied_levels_around_50_and_80_percent(severity, coverage, level):
    finding = supply(severity, coverage)
    assert (finding.level if finding else None) == level


def test_undersupplied_waits_72_hours_after_first_assessment():
    assert supply(5, 0.1, hours=71.9) is None
    assert supply(5, 0.1, hours=72).category == "penundaan_berlarut"


def delivery(severity: int, hours: float, delivered: int = 0):
    return check(
        "no_delivery",
        severity=severity,
        delivered_shipments=delivered,
        as_of=NOW,
        first_assessed_at=NOW - timedelta(hours=hours),
    )


def test_no_delivery_fires_critical_at_48_hours_for_severity_3():
    finding = delivery(3, 48)
    assert (finding.level, finding.category) == ("critical", "tidak_memberikan_pelayanan")


def test_no_delivery_quiet_before_48_hours_below_severity_3_or_after_a_delivery():
    assert delivery(3, 47.9) is None
    assert delivery(2, 100) is None
    assert delivery(5, 100, delivered=1) is None


def test_no_delivery_quiet_without_assessment():
    assert (
        check("no_delivery", severity=5, delivered_shipments=0, as_of=NOW, first_assessed_at=None)
        is None
    )


def unconfirmed(*hours_ago):
    return check(
        "unconfirmed",
        as_of=NOW,
        unreceipted=[(f"W{i}", NOW - timedelta(hours=h)) for i, h in enumerate(hours_ago)],
    )


def test_unconfirmed_fires_for_delivery_72_hours_old_without_receipt():
    finding = unconfirmed(71, 72)
    assert finding.level == "warning" and finding.facts["shipments"] == ["W1"]


def test_unconfirmed_quiet_for_younger_deliveries():
    assert unconfirmed(71.9, 1) is None
    assert unconfirmed() is None


@pytest.mark.parametrize(
    ("accepted", "fires"), [(94.9, True), (95.0, False), (100, False), (0, True)]
)
def test_receipt_gap_below_95_percent_of_logged(accepted, fires):
    finding = check("receipt_gap", logged=100.0, accepted=accepted)
    assert (finding is not None) == fires


def test_receipt_gap_quiet_when_nothing_logged():
    assert check("receipt_gap", logged=0.0, accepted=0.0) is None


@pytest.mark.parametrize(("distance", "fires"), [(1000.0, False), (1000.1, True), (None, False)])
def test_location_mismatch_beyond_one_kilometre(distance, fires):
    finding = check("location_mismatch", distances=[("W1", distance), ("W2", 10.0)])
    assert (finding is not None) == fires


def test_resident_reports_three_not_received_is_a_warning():
    assert check("resident_reports", not_received=2, payment_demanded=0) is None
    finding = check("resident_reports", not_received=3, payment_demanded=0)
    assert finding.level == "warning"


def test_resident_reports_any_payment_demanded_is_critical_permintaan_imbalan():
    finding = check("resident_reports", not_received=0, payment_demanded=1)
    assert (finding.level, finding.category) == ("critical", "permintaan_imbalan")


def test_inequity_when_worst_hit_median_below_light_median():
    finding = check("inequity", villages=[(5, 0.2), (4, 0.4), (2, 0.9), (1, 0.5), (3, 0.0)])
    assert finding.category == "diskriminasi"
    assert finding.facts["worst_hit_median"] == 0.3 and finding.facts["light_median"] == 0.7


def test_inequity_quiet_when_equal_or_a_group_is_missing():
    assert check("inequity", villages=[(4, 0.5), (2, 0.5)]) is None
    assert check("inequity", villages=[(4, 0.1), (3, 0.9), (2, None)]) is None


def test_thresholds_come_from_settings():
    strict = dict(T, ALERT_RECEIPT_GAP_BELOW=0.99)
    assert RULES["receipt_gap"].check({"logged": 100.0, "accepted": 98.0}, strict) is not None
