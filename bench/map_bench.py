"""Coverage map page plus its data against `GeoDataFrame.explore()` on the same polygons.

Imports the 1,552 real Banten villages from ../shared/geodata (through the geodata importer,
which also builds the display geometry the map serves), loads the demo event, assessments and
shipments, then in the same run times and gzips:
  ours:    GET /coverage/map (all of Banten) + the TopoJSON request its first view makes (the
           province at overview detail); "+ all detail" adds every regency at display detail,
           which the map fetches region by region once zoomed in to 10 or more
  explore: gdf.explore(column=weakest coverage) rendered to HTML, on the display polygons and
           on the polygons as the file holds them
Our side is timed three ways: "built in the request" (memory and disk caches emptied: what a
first view cost before the import built the topologies), "first view after an import" (the
import built and stored the bodies, nothing is in the worker's memory) and warm. The sides
run in turn, the order reversed every other run; medians of `--runs`. Target: ours <= 1/10 of
explore in time and compressed bytes. Also prints Leaflet's bytes as sent with and without
gzip. The figures come last as one JSON line.

    .venv/bin/python bench/map_bench.py [--runs 3] [--database sqlite:////tmp/bench.db]
"""

import argparse
import gzip
import importlib
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# ../shared next to the repository (a worktree one level deeper looks one more level up).
VILLAGES = next(
    (
        base / "shared" / "geodata" / "banten_villages.geojson"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "geodata").is_dir()
    ),
    ROOT.parent / "shared" / "geodata" / "banten_villages.geojson",
)
DEMO_STEPS = ("events", "catalog", "auth", "coverage", "logistics")  # assessments first
ROOT_APP: list = []  # the app under test, for data_urls
# A static file the map page adds (browser-cached; explore()'s CDN scripts are not counted
# either): reported beside the figures, not in them.
TOPOJSON_CLIENT = ROOT / "static" / "vendor" / "topojson-client" / "topojson-client.min.js"


def prepare(app) -> None:
    """Areas, real village boundaries and the demo scenario (skipped if already there)."""
    from sqlalchemy import func, select

    from relief.areas.boundary_import import import_boundaries
    from relief.areas.facts import read_facts
    from relief.areas.models import Area
    from relief.areas.services import load_areas
    from relief.demo.loader import STEPS
    from relief.extensions import db
    from relief.unit_of_work import commit_write

    db.create_all()
    if db.session.scalar(select(func.count()).where(Area.display_geom.is_not(None))):
        return
    load_areas(read_facts())
    report = import_boundaries(VILLAGES, level="village", source=VILLAGES.name)
    rng = random.Random(20200101)
    for step in [name for name, _ in STEPS if name in DEMO_STEPS]:  # the demo's order
        print(f"  demo {step}: {importlib.import_module(f'relief.demo.{step}').load(rng)}")
    commit_write(evaluate_alerts=False)
    print(f"  imported {VILLAGES.name}: {report.get('stored', report)}")


def data_urls(page: bytes, full_detail: bool) -> list[str]:
    """The geometry requests the page makes: its overview (the first, province-wide view at
    zoom 9), and with `full_detail` also every regency at display detail, as a user who zooms
    into the whole province in turn fetches them."""
    text = page.decode().replace("\\u0026", "&")
    urls = re.findall(r'"overview": "([^"]+)"', text)
    if full_detail:
        detail = re.search(r'"detail": "([^"]+)"', text).group(1)
        with ROOT_APP[0].app_context():
            from relief.maps.queries import regencies

            urls += [detail.replace("__region__", code) for code, _ in regencies()]
    return urls


# What a browser offers over HTTPS (Brotli, else gzip): the app answers in one of them.
ACCEPT = {"Accept-Encoding": "br, gzip"}


def decoded(answer) -> bytes:
    """An answer's body as sent (Brotli or gzip; asserted compressed), decompressed."""
    import brotli

    encoding = answer.headers.get("Content-Encoding")
    assert encoding in ("br", "gzip"), encoding  # compressed by the app, as sent
    return brotli.decompress(answer.data) if encoding == "br" else gzip.decompress(answer.data)


def fetch(client, full_detail: bool) -> tuple:
    """The page and its geometry answers (compressed, as the app sends them)."""
    page = client.get("/coverage/map", headers=ACCEPT)
    assert page.status_code == 200, page.status_code
    answers = []
    for url in data_urls(decoded(page), full_detail):
        answer = client.get(url, headers=ACCEPT)
        assert answer.status_code == 200, (url, answer.status_code)
        answers.append(answer)
    return page, answers


def ours(app, client, cache: str = "warm", full_detail: bool = False) -> tuple[float, int, int]:
    """Seconds, gzipped bytes and raw bytes of the page plus its geometry requests.

    `cache`: "none" (nothing built: the request builds the topology), "disk" (the first view
    after an import, which built the bodies into GEODATA_CACHE_DIR) or "warm" (in memory).
    """
    from relief.areas.topology import build_display_topologies

    if cache == "disk":  # untimed: what the import left on disk ("none" erases it)
        with app.app_context():
            build_display_topologies()
    if cache in ("none", "disk"):
        app.extensions.pop("relief_geojson_cache", None)
    if cache == "none":
        shutil.rmtree(app.config["GEODATA_CACHE_DIR"], ignore_errors=True)
    if cache == "warm":
        fetch(client, full_detail)  # untimed: every body built and in memory
    start = time.perf_counter()
    page, answers = fetch(client, full_detail)
    seconds = time.perf_counter() - start
    raw = sum(len(decoded(a)) for a in (page, *answers))
    return seconds, sum(len(a.data) for a in (page, *answers)), raw


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
        rows = db.session.execute(
            select(Area.code, Area.name, Area.display_geom).where(Area.level == "village")
        ).all()
        if raw:
            shapes = geopandas.read_file(VILLAGES).set_index("code").geometry
            geometry = [shapes[r.code] for r in rows]
        else:
            geometry = shapely.from_wkb([r.display_geom for r in rows])
        event = current_event()
        as_of = end_of_day_utc(default_as_of(event, event.emergency_until))
        figures = village_figures(
            village_coverage(event.id, as_of), ["rice", "medicine", "clothing"]
        )
        frame = geopandas.GeoDataFrame(
            {
                "code": [r.code for r in rows],
                "name": [r.name for r in rows],
                "coverage": [
                    weakest([f[2] if f else None for f in figures[r.code].figures])
                    if r.code in figures
                    else None
                    for r in rows
                ],
            },
            geometry=geometry,
            crs="EPSG:4326",
        )
        html = (
            frame.explore(column="coverage", tooltip=["code", "name", "coverage"])
            .get_root()
            .render()
            .encode()
        )
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

    folder = tempfile.mkdtemp(prefix="map-bench-")
    url = args.database or f"sqlite:///{folder}/bench.db"
    app = create_app(
        {
            "CONFIG_KIND": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "DEMO_MODE": True,
            "GEODATA_CACHE_DIR": f"{folder}/geodata-cache",
            "GEODATA_BUILD_ON_IMPORT": True,
            # As deployed: the testing config turns the map's data cache off, and "warm"
            # measured the map page without it.
            "MAP_DATA_CACHE": True,
            "REFERENCE_CACHE": True,
        }
    )
    ROOT_APP.append(app)
    print(f"database {url}")
    with app.app_context():
        prepare(app)
    client = app.test_client()
    login = client.post("/login", data={"username": "ombudsman", "password": "bantuan2020"})
    assert login.status_code == 302, login.status_code
    sides = {
        "ours, built in the request": lambda: ours(app, client, "none"),
        "ours, first view after import": lambda: ours(app, client, "disk"),
        "ours, warm": lambda: ours(app, client, "warm"),
        "ours + all detail, warm": lambda: ours(app, client, "warm", full_detail=True),
        "explore (display polygons)": lambda: explore(app),
        "explore (file polygons)": lambda: explore(app, raw=True),
    }
    ours_sides = [name for name in sides if name.startswith("ours")]
    results = {name: [] for name in sides}
    names = list(sides)
    for run in range(args.runs):
        for name in names if run % 2 == 0 else names[::-1]:
            results[name].append(sides[name]())
            print(f"run {run + 1} {name}: {results[name][-1]}", flush=True)
    print(
        "sides: ours = GET /coverage/map plus the packed topology its first view fetches (as "
        "sent to a client accepting br, gzip); explore = "
        "GeoDataFrame.explore(column=weakest coverage).get_root().render()"
    )
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in results.items()}
    for name, (seconds, packed, raw) in med.items():
        print(f"{name:28} {seconds:7.3f} s {packed / 1e3:7.1f} kB sent {raw / 1e6:6.2f} MB raw")
    client_js = len(gzip.compress(TOPOJSON_CLIENT.read_bytes(), 6))
    print(f"(static, browser-cached, not counted: topojson-client {client_js / 1e3:.1f} kB gzip)")
    ratios = {}
    for ours_name in ours_sides:
        for other in [name for name in sides if name not in ours_sides]:
            ratios[f"{ours_name} / {other}"] = {
                "time": med[ours_name][0] / med[other][0],
                "bytes": med[ours_name][1] / med[other][1],
            }
            print(
                f"{ours_name} / {other}: time {med[ours_name][0] / med[other][0]:.3f}, "
                f"bytes {med[ours_name][1] / med[other][1]:.3f} (target <= 0.1 each)"
            )
    leaflet = {
        encoding: len(
            client.get(
                "/static/vendor/leaflet/leaflet.js", headers={"Accept-Encoding": encoding}
            ).data
        )
        for encoding in ("identity", "gzip")
    }
    print(
        f"Leaflet as sent: {leaflet['identity'] / 1e3:.1f} kB plain, "
        f"{leaflet['gzip'] / 1e3:.1f} kB to a client accepting gzip"
    )
    print(
        json.dumps(
            {
                "bench": "map",
                "runs": args.runs,
                "medians": {
                    k: {"seconds": v[0], "gzip_bytes": v[1], "raw_bytes": v[2]}
                    for k, v in med.items()
                },
                "ratios": ratios,
                "leaflet_bytes": leaflet,
            }
        )
    )


if __name__ == "__main__":
    main()
