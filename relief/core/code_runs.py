"""Sorted area codes as runs of consecutive codes: what the map sends instead of every code.

A village code ends in a four-digit number (`36.02.25.2004`), and a district's villages are
numbered one after another, so a sorted list of codes is mostly runs: `["36.02.25.2001",
40]` stands for 2001 to 2040. The browser expands them (`ReliefMap.expandCodes` in
static/js/coverage_map.js); `expand` here is the same in Python.
"""

import re

_TAIL = re.compile(r"^(.*?)(\d+)$")


def _split(code: str) -> tuple[str, int, int] | None:
    match = _TAIL.match(code)
    if match is None:
        return None
    return match.group(1), int(match.group(2)), len(match.group(2))


def code_runs(codes: list[str]) -> list[list]:
    """`[[first code, count], ...]`: each run is `count` codes whose numeric tails count up
    by one from the first's, at the same width (a code without a numeric tail: a run of 1)."""
    runs: list[list] = []
    last = None
    for code in codes:
        parts = _split(code)
        if (
            runs
            and parts is not None
            and last is not None
            and parts[0] == last[0]
            and parts[2] == last[2]
            and parts[1] == last[1] + 1
        ):
            runs[-1][1] += 1
        else:
            runs.append([code, 1])
        last = parts
    return runs


def expand(runs: list[list]) -> list[str]:
    """The codes of `code_runs` back, in order."""
    codes = []
    for first, count in runs:
        if count == 1:
            codes.append(first)
            continue
        prefix, number, width = _split(first)
        codes += [f"{prefix}{number + i:0{width}d}" for i in range(count)]
    return codes
