"""The ledger's fold (pure): on hand as of a moment, counts reset it, what stayed idle."""

from datetime import UTC, datetime, timedelta

from relief.stock.ledger import Line, lowest_from, on_hand, shortages

T0 = datetime(2020, 1, 2, 8, tzinfo=UTC)


def _at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


LINES = [
    Line("rice", "receipt", _at(0), 1, 1000.0),
    Line("rice", "dispatch", _at(5), 2, -300.0),
    Line("rice", "count", _at(10), 3, -50.0, 650.0),
    Line("rice", "loss", _at(12), 4, -100.0),
    Line("clothing", "receipt", _at(20), 5, 40.0),
]


def test_on_hand_as_of_each_moment():
    assert on_hand(LINES, _at(-1)) == {}
    assert on_hand(LINES, _at(1)) == {"rice": 1000.0}
    assert on_hand(LINES, _at(6)) == {"rice": 700.0}
    assert on_hand(LINES) == {"rice": 550.0, "clothing": 40.0}


def test_a_count_sets_the_on_hand_to_what_was_counted():
    assert on_hand(LINES, _at(10)) == {"rice": 650.0}
    # a receipt typed later but dated before the count does not change the counted figure
    late = [*LINES, Line("rice", "receipt", _at(8), 9, 200.0)]
    assert on_hand(late, _at(11)) == {"rice": 650.0}


def test_a_movement_at_the_moment_of_a_count_is_counted_in_it():
    lines = [Line("rice", "count", _at(0), 1, 0.0, 10.0), Line("rice", "receipt", _at(0), 2, 5.0)]
    assert on_hand(lines) == {"rice": 10.0}


def test_lowest_from_is_what_stayed_the_whole_time():
    assert lowest_from(LINES, _at(1), _at(30)) == {"rice": 550.0, "clothing": 0.0}
    assert lowest_from(LINES, _at(11), _at(11.5)) == {"rice": 650.0}


def test_shortages_name_available_and_requested():
    assert shortages({"rice": 600.0, "clothing": 10.0}, {"rice": 550.0, "clothing": 40.0}) == {
        "rice": (550.0, 600.0)
    }
