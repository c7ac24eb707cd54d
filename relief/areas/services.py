"""Load and refresh areas in the database."""

from sqlalchemy import select

from relief.areas.models import Area
from relief.areas.revision import bump_revision
from relief.core import changes
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


# What the place search and the map's topologies are built from, beside the shapes.
NAMED_COLUMNS = ("name", "level", "kind", "parent_code", "regency_code", "district_code")


def load_areas(rows: list[dict]) -> dict:
    """Insert new areas and refresh the facts of known ones; geometry is left alone.

    A new area, or a name or place in the hierarchy changed, gives the areas a new revision
    (relief.areas.revision): the place search of every process and the map's topologies,
    which carry the names, are built again from it."""
    known = {a.code: a for a in db.session.scalars(select(Area))}
    added = updated = 0
    new_names = set()  # areas added, or renamed or moved in the hierarchy
    for row in rows:  # rows come parents first, so foreign keys hold at every flush
        area = known.get(row["code"])
        if area is None:
            db.session.add(Area(code=row["code"], **{k: row.get(k) for k in FACT_COLUMNS}))
            added += 1
            new_names.add(row["code"])
        else:
            changed = False
            for key in FACT_COLUMNS:
                if getattr(area, key) != row.get(key):
                    setattr(area, key, row.get(key))
                    changed = True
                    if key in NAMED_COLUMNS:
                        new_names.add(row["code"])
            updated += changed
    db.session.flush()
    if new_names:
        bump_revision()
        changes.note_geometry(new_names)
    return {"added": added, "updated": updated, "total": len(rows)}
