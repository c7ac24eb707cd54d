"""Pure map styling: coverage classes and the compact per-village lookup the browser reads.

Colour lives in a small lookup keyed by village code (not a folium ``style_function``, whose
per-feature ``switch`` grows quadratically with the number of villages: DESIGN.md section 7).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from relief.core.code_runs import code_runs
from relief.coverage.math import BANDS, band

# One colour scheme everywhere (map, tables, exports): the Ombudsman's three bands from
# relief.coverage.math.band (thresholds BANDS there), plus "no need recorded" and "not
# assessed". The same colours are the --band-* variables of static/css/app.css.
BAND_COLOURS = {"green": "#1a9641", "yellow": "#f2b01e", "red": "#d7191c"}
COVERAGE_CLASSES = (
    # key (= band), lower bound (fraction, inclusive), colour, legend label
    ("red", 0.0, BAND_COLOURS["red"], "≤ 50,99 %"),
    ("yellow", BANDS[1][0], BAND_COLOURS["yellow"], "51 – 80,99 %"),
    ("green", BANDS[0][0], BAND_COLOURS["green"], "≥ 81 %"),
)
NO_NEED = ("nn", "#bdbdbd")  # assessed, but nothing needed (coverage undefined)
NOT_ASSESSED = ("na", "#f2f2f2")  # no assessment: drawn as a plain boundary
WORST_HIT_SEVERITY = 4


def coverage_class(coverage: float | None) -> str:
    """The colour class (the band) of a coverage fraction; `nn` where it is undefined."""
    return band(coverage) or NO_NEED[0]


def class_colours() -> dict[str, str]:
    """Every class key with its fill colour (for the browser)."""
    colours = {key: colour for key, _lower, colour, _label in COVERAGE_CLASSES}
    colours[NO_NEED[0]] = NO_NEED[1]
    colours[NOT_ASSESSED[0]] = NOT_ASSESSED[1]
    return colours


def weakest(coverages: Iterable[float | None]) -> float | None:
    """A village's overall coverage: the lowest over its commodities with a need."""
    defined = [c for c in coverages if c is not None]
    return min(defined) if defined else None


@dataclass(frozen=True)
class VillageFigures:
    """What the map shows of one village (one row of the lookup)."""

    name: str
    severity: int | None
    displaced: int | None
    affected: int | None
    figures: tuple  # per commodity, in map order: (need, delivered, coverage) or None


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return round(value, 1) if value != int(value) else int(value)


def village_figures(rows: Iterable[Mapping], commodities: list[str]) -> dict[str, VillageFigures]:
    """Fold coverage rows (one per village and commodity) into one record per village."""
    by_code: dict[str, dict] = {}
    for row in rows:
        entry = by_code.setdefault(row["code"], {"row": row, "figures": {}})
        if row.get("commodity") in commodities:
            coverage = row.get("coverage")
            entry["figures"][row["commodity"]] = (
                _number(row.get("need")),
                _number(row.get("delivered")),
                None if coverage is None else round(float(coverage), 4),
            )
    result = {}
    for code, entry in by_code.items():
        row = entry["row"]
        result[code] = VillageFigures(
            name=row.get("name") or code,
            severity=row.get("severity"),
            displaced=row.get("displaced"),
            affected=row.get("affected"),
            figures=tuple(entry["figures"].get(c) for c in commodities),
        )
    return result


def lookup(villages: Mapping[str, VillageFigures]) -> dict[str, list]:
    """Compact browser lookup, one array per column, the villages in one order:

    `code_runs`: the codes as runs of consecutive codes (relief.core.code_runs);
    `severity`, `displaced`, `affected`; `classes`: one array per map mode, the weakest-link
    class first, then one per commodity (so the browser restyles a layer by index, with no
    per-feature logic generated on the server); `figures`: per commodity, the arrays `need`,
    `delivered` and `coverage`, null in all three where the village has no figure for it.
    Names are not repeated here: the topology the map loads carries them. Columns of like
    values compress far better than one array per village.
    """
    rows = list(villages.items())
    commodities = max((len(v.figures) for _code, v in rows), default=0)
    classes: list[list[str]] = [[] for _ in range(commodities + 1)]
    figures = [[[], [], []] for _ in range(commodities)]
    for _code, village in rows:
        coverages = [f[2] if f else None for f in village.figures]
        classes[0].append(coverage_class(weakest(coverages)))
        for i, figure in enumerate(village.figures):
            classes[i + 1].append(coverage_class(figure[2]) if figure else NO_NEED[0])
            for column, value in zip(figures[i], figure or (None, None, None), strict=True):
                column.append(value)
    return {
        "code_runs": code_runs([code for code, _v in rows]),
        "severity": [v.severity for _c, v in rows],
        "displaced": [v.displaced for _c, v in rows],
        "affected": [v.affected for _c, v in rows],
        "classes": classes,
        "figures": figures,
    }


def worst_hit_count(villages: Mapping[str, VillageFigures]) -> int:
    """How many villages have severity >= 4."""
    return sum(1 for v in villages.values() if (v.severity or 0) >= WORST_HIT_SEVERITY)
