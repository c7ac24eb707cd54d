"""Stock against needs for a regency: what its depots hold beside what its villages still
need, per commodity (the regency evidence PDF and the Ombudsman's stock page show it)."""

from datetime import datetime

from relief.catalog.queries import all_commodities
from relief.core.formatting import local_name
from relief.coverage.queries import village_coverage
from relief.logistics.stock import depot_stock


def stock_against_needs(event_id: int, as_of: datetime, regency: str) -> list[dict]:
    """Per commodity: on hand in the regency's depots (tracked ones), each depot's share,
    the villages' need, delivered and still owed."""
    depots = [d for d in depot_stock(regency, as_of) if d["tracked_since"] is not None]
    need: dict[str, list[float]] = {}
    for row in village_coverage(event_id, as_of, parent=regency):
        totals = need.setdefault(row["commodity"], [0.0, 0.0, 0.0])
        n, d = float(row["need"] or 0), float(row["delivered"] or 0)
        totals[0] += n
        totals[1] += d
        totals[2] += max(n - d, 0.0)
    out = []
    for commodity in all_commodities():
        held = [
            (d["name"], d["on_hand"][commodity.code])
            for d in depots
            if d["on_hand"].get(commodity.code)
        ]
        n, delivered, owed = need.get(commodity.code, [0.0, 0.0, 0.0])
        if not held and not n:
            continue
        out.append(
            {
                "commodity": commodity.code,
                "name": local_name(commodity),
                "unit": commodity.base_unit,
                "on_hand": round(sum(q for _name, q in held), 3),
                "depots": held,
                "need": round(n, 3),
                "delivered": round(delivered, 3),
                "owed": round(owed, 3),
            }
        )
    return out
