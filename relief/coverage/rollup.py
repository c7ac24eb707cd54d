"""The roll-up that cannot hide a village, from village rows already fetched (pure).

The same rule as `queries.area_coverage` / `area_rollup` in SQL, for views that hold the
village rows anyway (the map folds the rows it draws instead of asking the database again).
"""

from collections.abc import Iterable, Mapping

from relief.coverage.math import band, coverage, rollup_band, weakest_link

KEYS = {"district": "district_code", "regency": "regency_code"}


def area_figures(rows: Iterable[Mapping], level: str, worst_hit_from: int = 4) -> dict[str, dict]:
    """Per district or regency: weakest core sum-over-sum coverage, villages_assessed,
    villages_red (worst-hit villages whose weakest core commodity is red), worst_village and
    the band that is never green while villages_red > 0."""
    key = KEYS[level]
    sums: dict[str, dict] = {}
    villages: dict[str, dict] = {}
    for row in rows:
        if not row.get("is_core"):
            continue
        area = sums.setdefault(row[key], {})
        need, delivered = area.get(row["commodity"], (0.0, 0.0))
        area[row["commodity"]] = (
            need + float(row["need"] or 0),
            delivered + float(row["delivered"] or 0),
        )
        village = villages.setdefault(
            row["code"],
            {
                "area": row[key],
                "name": row["name"],
                "severity": row.get("severity"),
                "assessed": row.get("assessed_at") is not None,
                "coverages": {},
            },
        )
        village["coverages"][row["commodity"]] = row.get("coverage")
    found = {
        code: {
            "coverages": {c: coverage(d, n) for c, (n, d) in per.items()},
            "villages_assessed": 0,
            "villages_red": 0,
            "worst_village": None,
        }
        for code, per in sums.items()
    }
    for code, village in villages.items():
        area = found[village["area"]]
        area["villages_assessed"] += village["assessed"]
        weakest = weakest_link(village["coverages"], village["coverages"].keys())
        red = any(band(c) == "red" for c in village["coverages"].values())
        if red and (village["severity"] or 0) >= worst_hit_from:
            area["villages_red"] += 1
        if weakest is not None and _worse(weakest, village, code, area["worst_village"]):
            area["worst_village"] = {
                "code": code,
                "name": village["name"],
                "coverage": weakest,
                "severity": village["severity"],
            }
    for area in found.values():
        area["weakest"] = weakest_link(area["coverages"], area["coverages"].keys())
        area["band"] = rollup_band(area["weakest"], area["villages_red"])
    return found


def _worse(value: float, village: dict, code: str, current: dict | None) -> bool:
    """Lowest coverage first, then higher severity, then code (as the SQL orders them)."""
    if current is None:
        return True
    mine = (value, -(village["severity"] or 0), code)
    theirs = (current["coverage"], -(current["severity"] or 0), current["code"])
    return mine < theirs
