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


def ours(app, client, cold: bool = True) -> tuple[float, int, int]:
    """Seconds, gzipped bytes and raw bytes of the page plus its GeoJSON (cache cold or warm)."""
    from relief.maps.queries import regencies

    if cold:
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


def explore(app, raw: bool = False) -> tuple[float, int, int]:
    """Seconds, gzipped and raw bytes of explore(), coloured alike.

    On the display polygons the map serves, or (`raw`) on the polygons as the file holds them,
    which is what a notebook user would hand to explore().
    """
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
        if raw:
            shapes = geopandas.read_file(VILLAGES).set_index("code").geometry
            geometry = [shapes[r.code] for r in rows]
        else:
            geometry = shapely.from_wkb([r.display_geom for r in rows])
        event = current_event()
        as_of = end_of_day_utc(default_as_of(event, event.emergency_until))
        figures = village_figures(village_coverage(event.id, as_of),
                                  ["rice", "medicine", "clothing"])
        frame = geopandas.GeoDataFrame(
            {"code": [r.code for r in rows], "name": [r.name for r in rows],
             "coverage": [weakest([f[2] if f else None for f in figures[r.code].figures])
                          if r.code in figures else None for r in rows]},
            geometry=geometry, crs="EPSG:4326")
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
    sides = {
        "ours (cold GeoJSON cache)": lambda: ours(app, client, cold=True),
        "ours (warm GeoJSON cache)": lambda: ours(app, client, cold=False),
        "explore (display polygons)": lambda: explore(app),
        "explore (file polygons)": lambda: explore(app, raw=True),
    }
    results = {name: [] for name in sides}
    for run in range(args.runs):
        for name, measure in sides.items():
            results[name].append(measure())
            print(f"run {run + 1} {name}: {results[name][-1]}", flush=True)
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in results.items()}
    for name, (seconds, packed, raw) in med.items():
        print(f"{name:28} {seconds:7.2f} s {packed / 1e3:7.0f} kB gzip {raw / 1e6:6.2f} MB raw")
    for ours_name in list(sides)[:2]:
        for other in list(sides)[2:]:
            print(f"{ours_name} / {other}: time {med[ours_name][0] / med[other][0]:.3f}, "
                  f"bytes {med[ours_name][1] / med[other][1]:.3f} (target <= 0.1 each)")


if __name__ == "__main__":
    main()
