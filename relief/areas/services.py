"""Load and refresh areas in the database."""

from sqlalchemy import select

from relief.areas.models import Area
from relief.extensions import db

FACT_COLUMNS = (
    "name",
    "level",
    "kind",
    "parent_code",
    "regency_code",
    "district_code",
    "population",
    "area_km2",
    "lat",
    "lon",
)


def load_areas(rows: list[dict]) -> dict:
    """Insert new areas and refresh the facts of known ones; geometry is left alone."""
    known = {a.code: a for a in db.session.scalars(select(Area))}
    added = updated = 0
    for row in rows:  # rows come parents first, so foreign keys hold at every flush
        area = known.get(row["code"])
        if area is None:
            db.session.add(Area(code=row["code"], **{k: row.get(k) for k in FACT_COLUMNS}))
            added += 1
        else:
            changed = False
            for key in FACT_COLUMNS:
                if getattr(area, key) != row.get(key):
                    setattr(area, key, row.get(key))
                    changed = True
            updated += changed
    db.session.flush()
    return {"added": added, "updated": updated, "total": len(rows)}
