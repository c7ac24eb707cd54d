"""Coverage map page plus its data against `GeoDataFrame.explore()` on the same polygons.

Imports the 1,552 real Banten villages from ../shared/geodata (through the geodata importer,
which also builds the display geometry the map serves), loads the demo event, assessments and
shipments, then in the same run times and gzips:
  ours:    GET /coverage/map (all of Banten) + every GeoJSON request the page makes
  explore: gdf.explore(column=weakest coverage) rendered to HTML, on the same display polygons
Target: ours <= 1/10 of explore in both time and compressed bytes.

    .venv/bin/python bench/map_bench.py [--runs 3] [--database sqlite:////tmp/bench.db]
"""

import argparse
import gzip
import importlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# ../shared next to the repository (a worktree one level deeper looks one more level up).
VILLAGES = next((base / "shared" / "geodata" / "banten_villages.geojson"
                 for base in (ROOT.parent, ROOT.parent.parent)
                 if (base / "shared" / "geodata").is_dir()), ROOT.parent / "shared" / "geodata"
                / "banten_villages.geojson")
DEMO_STEPS = ("events", "catalog", "auth", "logistics", "coverage")


def prepare(app) -> None:
    """Areas, real village boundaries and the demo scenario (skipped if already there)."""
    from sqlalchemy import func, select

    from relief.areas.boundary_import import import_boundaries
    from relief.areas.facts import read_facts
    from relief.areas.models import Area
    from relief.areas.services import load_areas
    from relief.extensions import db

    db.create_all()
    if db.session.scalar(select(func.count()).where(Area.display_geom.is_not(None))):
        return
    load_areas(read_facts())
    report = import_boundaries(VILLAGES, level="village", source=VILLAGES.name)
    rng = random.Random(20200101)
    for step in DEMO_STEPS:
        print(f"  demo {step}: {importlib.import_module(f'relief.{step}.demo').load(rng)}")
    db.session.commit()
    print(f"  imported {VILLAGES.name}: {report.get('stored', report)}")


def ours(app, client) -> tuple[float, int, int]:
    """Seconds, gzipped bytes and raw bytes of the page plus its GeoJSON, caches cold."""
    from relief.maps.queries import regencies

    app.extensions.pop("relief_geojson_cache", None)
    start = time.perf_counter()
    page = client.get("/coverage/map")
    assert page.status_code == 200, page.status_code
    with app.app_context():
        codes = [code for code, _ in regencies()]
    bodies = []
    for code in codes:
        answer = client.get(f"/api/v1/areas.geojson?level=village&parent={code}",
                            headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200
        bodies.append(answer.data)  # already gzipped by the endpoint
    seconds = time.perf_counter() - start
    raw = len(page.data) + sum(len(gzip.decompress(b)) for b in bodies)
    return seconds, len(gzip.compress(page.data, 6)) + sum(len(b) for b in bodies), raw


def explore(app) -> tuple[float, int, int]:
    """Seconds, gzipped and raw bytes of explore() on the display polygons, coloured alike."""
    import geopandas
    import shapely
    from sqlalchemy import select

    from relief.areas.models import Area
    from relief.coverage.queries import village_coverage
    from relief.events.queries import current_event
    from relief.extensions import db
    from relief.maps.styling import village_figures, weakest
    from relief.maps.view import default_as_of, end_of_day_utc

    with app.app_context():
        start = time.perf_counter()
        rows = db.session.execute(select(Area.code, Area.name, Area.display_geom)
                                  .where(Area.level == "village")).all()
        event = current_event()
        as_of = end_of_day_utc(default_as_of(event, event.emergency_until))
        figures = village_figures(village_coverage(event.id, as_of),
                                  ["rice", "medicine", "clothing"])
        frame = geopandas.GeoDataFrame(
            {"code": [r.code for r in rows], "name": [r.name for r in rows],
             "coverage": [weakest([f[2] if f else None for f in figures[r.code].figures])
                          if r.code in figures else None for r in rows]},
            geometry=shapely.from_wkb([r.display_geom for r in rows]), crs="EPSG:4326")
        html = frame.explore(column="coverage", tooltip=["code", "name", "coverage"]) \
            .get_root().render().encode()
        seconds = time.perf_counter() - start
    return seconds, len(gzip.compress(html, 6)), len(html)


def main() -> None:
    """Run both sides `--runs` times and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if not VILLAGES.exists():
        sys.exit(f"{VILLAGES} is missing")
    from relief import create_app

    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='map-bench-')}/bench.db"
    app = create_app({"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "DEMO_MODE": True})
    print(f"database {url}")
    with app.app_context():
        prepare(app)
    client = app.test_client()
    login = client.post("/login", data={"username": "ombudsman", "password": "bantuan2020"})
    assert login.status_code == 302, login.status_code
    results = {"ours": [], "explore": []}
    for run in range(args.runs):
        results["ours"].append(ours(app, client))
        results["explore"].append(explore(app))
        print(f"run {run + 1}: ours {results['ours'][-1]}, explore {results['explore'][-1]}")
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in results.items()}
    print(f"ours:    {med['ours'][0]:.2f} s, {med['ours'][1] / 1e3:.0f} kB gzip "
          f"({med['ours'][2] / 1e6:.2f} MB raw)")
    print(f"explore: {med['explore'][0]:.2f} s, {med['explore'][1] / 1e3:.0f} kB gzip "
          f"({med['explore'][2] / 1e6:.2f} MB raw)")
    print(f"ratio time  ours/explore = {med['ours'][0] / med['explore'][0]:.3f} (target <= 0.1)")
    print(f"ratio bytes ours/explore = {med['ours'][1] / med['explore'][1]:.3f} (target <= 0.1)")


if __name__ == "__main__":
    main()
