"""The areas' job: build the map's geometry bodies for a new revision before anyone asks."""

from flask import current_app

from relief.areas.revision import current_revision
from relief.areas.topology import build_display_topologies
from relief.core.jobs import job
from relief.extensions import db


@job(retries=2, retry_delay=60)
def rebuild_geometry_caches() -> int:
    """Job: the coverage map's TopoJSON at the current geometry revision (overview of each
    province and regency, display detail per regency) into the shared disk cache; answers
    how many bodies were built (a body already on disk is read, not built again).

    Skipped when the cache lives only in each process's memory (GEODATA_CACHE_DIR empty):
    the web processes then build on first use.
    """
    if not current_app.config.get("GEODATA_CACHE_DIR") or not current_revision():
        return 0
    built = build_display_topologies()["bodies"]
    db.session.rollback()  # reads only
    return built
