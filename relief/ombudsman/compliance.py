"""Compliance of each public-service unit (the Ombudsman's zona hijau/kuning/merah, applied
to this project's deadlines): pure scoring here, the reads in `compliance_rows`.

Rule (project policy, stated on the page and in the README): a unit's score is the share
of its deadlines that were met, over every deadline that has passed or was met: each
alert's first response (3 days) and resolution (14 days) for alerts in the regencies it
serves, and each complaint forwarded to it (COMPLAINT_ANSWER_DAYS). Banded like coverage:
green >= 81 %, yellow >= 51 %, red below; no band while nothing was due. The villages of
its regencies by coverage band are shown beside the score, not mixed into it: the score
says whether the unit answers in time, the bands what reached the villages.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from relief.coverage.math import band


@dataclass(frozen=True)
class Deadline:
    """One deadline of a unit: when it was due and when it was met (None: not yet)."""

    due: datetime
    done: datetime | None


def deadline_counts(deadlines: Iterable[Deadline], now: datetime) -> tuple[int, int]:
    """(met, counted): met on time, over those met or past due at `now`."""
    met = counted = 0
    for item in deadlines:
        if item.done is not None and item.done <= item.due:
            met += 1
            counted += 1
        elif item.done is not None or item.due < now:
            counted += 1
    return met, counted


def compliance_band(met: int, counted: int) -> tuple[float | None, str | None]:
    """The score (share of deadlines met) and its band; (None, None) while nothing was due."""
    if counted == 0:
        return None, None
    score = met / counted
    return score, band(score)


def median_hours(pairs: Iterable[tuple[datetime, datetime | None]]) -> float | None:
    """Median hours from opening to first response, over the alerts that had one."""
    hours = [(done - opened).total_seconds() / 3600 for opened, done in pairs if done]
    return round(median(hours), 1) if hours else None
