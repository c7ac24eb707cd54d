"""On hand from ledger lines (pure: plain values in, numbers out).

A count sets the on hand to what was counted at its moment; every other line adds its signed
change. Lines of the same moment are taken movements first, then counts (a count made at
10:00 has counted what arrived at 10:00).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Line:
    """One ledger entry as the fold reads it."""

    commodity: str
    kind: str
    at: datetime
    id: int
    change: float
    counted: float | None = None


def _ordered(lines: Iterable[Line]) -> list[Line]:
    return sorted(lines, key=lambda ln: (ln.at, ln.kind == "count", ln.id))


def _apply(value: float, line: Line) -> float:
    if line.kind == "count":
        return float(line.counted or 0)
    return value + float(line.change)


def on_hand(lines: Iterable[Line], as_of: datetime | None = None) -> dict[str, float]:
    """Per commodity, the on hand after every line at or before `as_of` (None: all)."""
    values: dict[str, float] = {}
    for line in _ordered(lines):
        if as_of is not None and line.at > as_of:
            break
        values[line.commodity] = round(_apply(values.get(line.commodity, 0.0), line), 3)
    return values


def lowest_from(
    lines: Iterable[Line], since: datetime, until: datetime | None = None
) -> dict[str, float]:
    """Per commodity, the lowest on hand from `since` to `until`: what stayed in the depot
    the whole time (the on hand at `since`, lowered by every dip after it; stock that came
    in later has not sat there the whole time)."""
    ordered = _ordered(lines)
    values = on_hand(ordered, since)
    lowest = dict(values)
    for line in ordered:
        if line.at <= since:
            continue
        if until is not None and line.at > until:
            break
        value = round(_apply(values.get(line.commodity, 0.0), line), 3)
        values[line.commodity] = value
        lowest[line.commodity] = min(lowest.get(line.commodity, 0.0), value)
    return lowest


def shortages(requested: dict[str, float], available: dict[str, float]) -> dict[str, tuple]:
    """Commodities asked for beyond what is available: commodity -> (available, requested)."""
    return {
        c: (round(available.get(c, 0.0), 3), round(q, 3))
        for c, q in requested.items()
        if q > available.get(c, 0.0) + 1e-9
    }
