"""Sorted codes as runs of consecutive codes (what the map sends instead of every code)."""

from relief.core.code_runs import code_runs, expand


def test_consecutive_village_codes_fold_into_runs_and_expand_back():
    codes = [
        "36.02.25.2001",
        "36.02.25.2002",
        "36.02.25.2003",
        "36.02.25.2005",
        "36.02.26.1001",
        "36.02.26.1002",
        "36.02.26.2001",
    ]
    runs = code_runs(codes)
    assert runs == [
        ["36.02.25.2001", 3],
        ["36.02.25.2005", 1],
        ["36.02.26.1001", 2],
        ["36.02.26.2001", 1],
    ]
    assert expand(runs) == codes


def test_runs_keep_the_width_and_stop_where_it_changes():
    codes = ["a.0998", "a.0999", "a.1000", "a.9999", "a.10000", "b", "b", "c.7"]
    assert code_runs(codes) == [
        ["a.0998", 3],
        ["a.9999", 1],
        ["a.10000", 1],
        ["b", 1],
        ["b", 1],
        ["c.7", 1],
    ]
    assert expand(code_runs(codes)) == codes
    assert code_runs([]) == [] and expand([]) == []
