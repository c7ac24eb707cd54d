"""Coverage classes and the browser lookup (pure functions, no Flask)."""

import pytest

from relief.maps import styling


@pytest.mark.parametrize(("coverage", "key"), [
    (0.0, "c0"), (0.2499, "c0"), (0.25, "c1"), (0.5099, "c1"), (0.51, "c2"), (0.8099, "c2"),
    (0.81, "c3"), (0.999, "c3"), (1.0, "c4"), (3.5, "c4"), (None, "nn"),
])
def test_coverage_class_follows_the_ombudsman_band_edges(coverage, key):
    assert styling.coverage_class(coverage) == key


def test_weakest_ignores_commodities_without_need():
    assert styling.weakest([None, 0.7, 0.3]) == 0.3
    assert styling.weakest([None, None]) is None


def _row(code, commodity, need, delivered, severity=4):
    return {"code": code, "name": f"Desa {code}", "commodity": commodity, "need": need,
            "delivered": delivered, "coverage": delivered / need if need else None,
            "severity": severity, "displaced": 10, "affected": 20}


def test_lookup_puts_the_weakest_core_commodity_first_then_one_class_per_commodity():
    rows = [_row("A", "rice", 100, 90), _row("A", "medicine", 10, 2), _row("A", "clothing", 0, 0),
            _row("A", "water", 100, 0)]  # not a map commodity: ignored
    table = styling.lookup(styling.village_figures(rows, ["rice", "medicine", "clothing"]))
    name, severity, displaced, affected, classes, figures = table["A"]
    assert classes == ["c0", "c3", "c0", "nn"]
    assert figures == [[100, 90, 0.9], [10, 2, 0.2], [0, 0, None]]
    assert (name, severity, displaced, affected) == ("Desa A", 4, 10, 20)


def test_worst_hit_count_counts_severity_four_and_up():
    rows = [_row("A", "rice", 1, 1, severity=4), _row("B", "rice", 1, 1, severity=3),
            _row("C", "rice", 1, 1, severity=5)]
    assert styling.worst_hit_count(styling.village_figures(rows, ["rice"])) == 2
