"""Coverage arithmetic (DESIGN.md section 4), free of Flask and the database.

need = basis x norm x days; coverage = delivered / need (None where need is 0);
a village's overall coverage is the weakest core commodity; areas aggregate sum over sum,
and an area's band is capped by its worst-hit villages (`rollup_band`).
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from relief.core.clock import WIB as LOCAL_TZ  # noqa: F401 - the one definition, re-exported
from relief.core.clock import local_date


def need_days(started_on: date, emergency_until: date, as_of: datetime | date, period: str) -> int:
    """Days of need: days since the start, at least 1, at most the emergency period; 1 if once."""
    if period == "once":
        return 1
    day = local_date(as_of) if isinstance(as_of, datetime) else as_of
    longest = (emergency_until - started_on).days + 1
    return max(1, min((day - started_on).days, longest))


def need(basis: float, amount: float, days: int) -> float:
    """Basis (persons or households) times the norm amount times the days."""
    return float(basis or 0) * float(amount) * days


def coverage(delivered: float, need_amount: float) -> float | None:
    """Delivered over need as a fraction (0.5 is 50 %); None where nothing was needed."""
    if not need_amount or need_amount <= 0:
        return None
    return float(delivered or 0) / float(need_amount)


def weakest_link(coverages: Mapping[str, float | None], core: Iterable[str]) -> float | None:
    """The lowest coverage over the core commodities that had a need (None if none had)."""
    known = [coverages[c] for c in core if coverages.get(c) is not None]
    return min(known) if known else None


def sum_over_sum(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Aggregate (need, delivered) pairs as sum(delivered) / sum(need), never a mean of ratios."""
    total_need = total_delivered = 0.0
    for need_amount, delivered in pairs:
        total_need += float(need_amount or 0)
        total_delivered += float(delivered or 0)
    return coverage(total_delivered, total_need)


BANDS = ((0.81, "green"), (0.51, "yellow"))
# The largest fraction still red: percentages are banded with two decimals (50.994 % -> 50.99 %
# red, 50.995 % -> 51.00 % yellow), so SQL compares delivered < RED_BELOW x need.
RED_BELOW = BANDS[1][0] - 0.00005
GREEN_FROM = BANDS[0][0] - 0.00005
BAND_ORDER = ("red", "yellow", "green")


def band(value: float | None) -> str | None:
    """This project's use of the Ombudsman's bands: >= 81 % green, >= 51 % yellow, else red."""
    if value is None:
        return None
    # Bands are defined on percentages with two decimals (80.99 % is yellow, 50.99 % red).
    percent = round(value * 100, 2)
    for floor, name in BANDS:
        if percent >= floor * 100:
            return name
    return "red"


def rollup_band(coverage_sum: float | None, villages_red: int) -> str | None:
    """The band of a district or regency row: its sum-over-sum band, but never green while
    any of its worst-hit villages is red (then at most yellow).

    A sum over sum lets villages that received more hide those that received nothing
    (Lebak at 107 % while Banjarsari is at 41 %): the count of red worst-hit villages caps it.
    """
    found = band(coverage_sum)
    if villages_red > 0 and found == "green":
        return "yellow"
    return found


def worse_band(*bands: str | None) -> str | None:
    """The worst of some bands (red < yellow < green); None only if all are None."""
    known = [b for b in bands if b is not None]
    return min(known, key=BAND_ORDER.index) if known else None
