"""Coverage classes and the browser lookup (pure functions, no Flask)."""

import pytest

from relief.coverage.math import band
from relief.maps import styling


@pytest.mark.parametrize(
    ("coverage", "key"),
    [
        (0.0, "red"),
        (0.2499, "red"),
        (0.5099, "red"),
        (0.51, "yellow"),
        (0.8099, "yellow"),
        (0.81, "green"),
        (0.999, "green"),
        (3.5, "green"),
        (None, "nn"),
    ],
)
def test_coverage_class_is_the_ombudsman_band(coverage, key):
    assert styling.coverage_class(coverage) == key


def test_map_classes_are_the_three_bands_of_the_tables():
    assert [key for key, *_rest in styling.COVERAGE_CLASSES] == ["red", "yellow", "green"]
    for _key, lower, _colour, _label in styling.COVERAGE_CLASSES:
        assert styling.coverage_class(lower) == band(lower)


def test_weakest_ignores_commodities_without_need():
    assert styling.weakest([None, 0.7, 0.3]) == 0.3
    assert styling.weakest([None, None]) is None


def _row(code, commodity, need, delivered, severity=4):
    return {
        "code": code,
        "name": f"Desa {code}",
        "commodity": commodity,
        "need": need,
        "delivered": delivered,
        "coverage": delivered / need if need else None,
        "severity": severity,
        "displaced": 10,
        "affected": 20,
    }


def test_lookup_puts_the_weakest_core_commodity_first_then_one_class_per_commodity():
    rows = [
        _row("A", "rice", 100, 90),
        _row("A", "medicine", 10, 2),
        _row("A", "clothing", 0, 0),
        _row("A", "water", 100, 0),
    ]  # not a map commodity: ignored
    table = styling.lookup(styling.village_figures(rows, ["rice", "medicine", "clothing"]))
    assert table["code_runs"] == [["A", 1]]
    assert [column[0] for column in table["classes"]] == ["red", "green", "red", "nn"]
    figures = [[column[0] for column in commodity] for commodity in table["figures"]]
    assert figures == [[100, 90, 0.9], [10, 2, 0.2], [0, 0, None]]
    assert (table["severity"], table["displaced"], table["affected"]) == ([4], [10], [20])
    assert "name" not in table  # the topology carries the names


def test_lookup_keeps_one_order_across_columns_and_marks_missing_figures():
    rows = [_row("A", "rice", 10, 5), _row("B", "rice", 10, 10), _row("B", "medicine", 4, 1)]
    table = styling.lookup(styling.village_figures(rows, ["rice", "medicine"]))
    assert table["code_runs"] == [["A", 1], ["B", 1]]
    assert table["classes"] == [["red", "red"], ["red", "green"], ["nn", "red"]]
    assert table["figures"][1] == [[None, 4], [None, 1], [None, 0.25]]


def test_worst_hit_count_counts_severity_four_and_up():
    rows = [
        _row("A", "rice", 1, 1, severity=4),
        _row("B", "rice", 1, 1, severity=3),
        _row("C", "rice", 1, 1, severity=5),
    ]
    assert styling.worst_hit_count(styling.village_figures(rows, ["rice"])) == 2
