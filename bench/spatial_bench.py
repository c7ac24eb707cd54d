"""Should PostgreSQL do the spatial work (PostGIS) at national scale? Both ways, same rows.

On a database built by bench/scale_bench.py (`--database`, default relief_bench_scale_8400):
- point lookups: `relief.areas.spatial.village_at` with the STRtree (every village shape in each
  worker process: its build time and resident memory, then per lookup), the same
  `village_at` answering through PostGIS (the app's path on PostgreSQL: the partial GiST index
  on `ST_GeomFromWKB(area.geom)` of relief.areas.postgis, gap fallback included), and raw
  `ST_Contains` on a GiST-indexed geometry column (one query per lookup, as a request would);
- simplification of one province's villages: `shapely.coverage_simplify` (what the import does;
  neighbours keep one shared border) against PostGIS `ST_SimplifyPreserveTopology` per polygon
  (PostGIS 3.3, Debian 12's, has no coverage simplification), with the gaps and overlaps each
  leaves between neighbours.
Needs the `postgis` extension (Debian: postgresql-15-postgis-3); it adds a scratch table
`bench_area_geom` and drops it afterwards. Where the database lacks the app's village index
(a database built before that migration) the bench creates it inside its own transaction
and rolls it back at the end, so the database is left as it was. Figures last as one JSON line.

    .venv/bin/python bench/spatial_bench.py [--database URL] [--lookups 2000] [--rounds 3]
"""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_bench import BASE, peak_mb, peak_reset, rss_mb  # noqa: E402


def points(conn, count: int) -> list[tuple[float, float]]:
    """Random points inside the villages' bounding boxes (most fall in a village)."""
    boxes = conn.execute(
        "SELECT min_lon, min_lat, max_lon, max_lat FROM area"
        " WHERE level = 'village' AND geom IS NOT NULL"
    ).fetchall()
    rng = random.Random(2)
    return [
        (rng.uniform(b[1], b[3]), rng.uniform(b[0], b[2]))
        for b in (rng.choice(boxes) for _ in range(count))
    ]


def slivers(shapes) -> tuple[float, float]:
    """(overlap area, gap area) between the shapes, in square degrees."""
    shapes = shapely.make_valid(shapes)
    union = shapely.union_all(shapes)
    total = sum(shapely.area(shapes))
    hull = shapely.union_all(shapely.buffer(shapes, 1e-6)).buffer(-1e-6)
    return max(0.0, total - union.area), max(0.0, hull.area - union.area)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=f"{BASE}/relief_bench_scale_8400")
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from relief import create_app
    from relief.areas import postgis, spatial
    from relief.extensions import db

    app = create_app({"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": args.database})
    figures = {}
    with psycopg.connect(args.database, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        conn.execute("DROP TABLE IF EXISTS bench_area_geom")
        started = time.perf_counter()
        conn.execute(
            "CREATE TABLE bench_area_geom AS SELECT code,"
            " ST_GeomFromWKB(geom, 4326) AS g FROM area"
            " WHERE level = 'village' AND geom IS NOT NULL"
        )
        conn.execute("CREATE INDEX ON bench_area_geom USING gist (g)")
        conn.execute("ANALYZE bench_area_geom")
        figures["postgis_index_build_s"] = time.perf_counter() - started
        villages = conn.execute("SELECT count(*) FROM bench_area_geom").fetchone()[0]
        sample = points(conn, args.lookups)

        with app.app_context():
            # The app's index, uncommitted where absent: lookups share the session's transaction.
            borrowed = not postgis.available(db.session)
            started = time.perf_counter()
            if borrowed:
                postgis.install(db.session.connection())
            figures["app_index_build_s"] = time.perf_counter() - started
            figures["app_index_borrowed"] = borrowed
            assert spatial.engine() == "postgis", "village_at would not take the PostGIS path"
            # What the PostGIS path holds in the process, measured before any STRtree exists.
            base = rss_mb()
            peak_reset()
            for lat, lon in sample[:200]:
                spatial.village_at(lat, lon)
            figures["app_postgis_memory_mb"] = peak_mb() - base

            app.config["GEODATA_LOOKUP_ENGINE"] = "strtree"
            base = rss_mb()
            peak_reset()
            started = time.perf_counter()
            spatial.village_at(*sample[0])
            figures["strtree_build_s"] = time.perf_counter() - started
            figures["strtree_memory_mb"] = peak_mb() - base

            def ours():
                app.config["GEODATA_LOOKUP_ENGINE"] = "strtree"
                started = time.perf_counter()
                found = [spatial.village_at(lat, lon) for lat, lon in sample]
                return (time.perf_counter() - started) / len(sample), found

            def raw_postgis():
                started = time.perf_counter()
                found = [
                    conn.execute(
                        "SELECT code FROM bench_area_geom WHERE"
                        " ST_Contains(g, ST_SetSRID(ST_Point(%s, %s), 4326))",
                        (lon, lat),
                    ).fetchone()
                    for lat, lon in sample
                ]
                return (time.perf_counter() - started) / len(sample), found

            def app_postgis():
                app.config["GEODATA_LOOKUP_ENGINE"] = "auto"
                started = time.perf_counter()
                found = [spatial.village_at(lat, lon) for lat, lon in sample]
                return (time.perf_counter() - started) / len(sample), found

            sides = [("shapely", ours), ("postgis", raw_postgis), ("app_postgis", app_postgis)]
            runs = {name: [] for name, _ in sides}
            for index in range(args.rounds):
                for name, fn in sides[index % 3 :] + sides[: index % 3]:
                    runs[name].append(fn())
            agree = sum(
                1
                for a, b in zip(runs["shapely"][0][1], runs["postgis"][0][1], strict=True)
                if b is not None and a is not None and a[0] == b[0]
            )
            figures["lookup_shapely_ms"] = statistics.median(r[0] for r in runs["shapely"]) * 1e3
            figures["lookup_postgis_ms"] = statistics.median(r[0] for r in runs["postgis"]) * 1e3
            figures["lookup_app_postgis_ms"] = (
                statistics.median(r[0] for r in runs["app_postgis"]) * 1e3
            )
            figures["lookups_agreeing"] = agree
            # The app's two engines: same code, exactness and distance for every point.
            figures["app_engines_identical"] = sum(
                1
                for a, b in zip(runs["shapely"][0][1], runs["app_postgis"][0][1], strict=True)
                if a == b
            )
            db.session.rollback()  # drops a borrowed index

        province = conn.execute(
            "SELECT substr(code, 1, 2) FROM bench_area_geom ORDER BY code LIMIT 1"
        ).fetchone()[0]
        tolerance = app.config["GEODATA_OVERVIEW_TOLERANCE"]
        rows = conn.execute(
            "SELECT code, geom FROM area WHERE level = 'village' AND"
            " geom IS NOT NULL AND code LIKE %s ORDER BY code",
            (f"{province}.%",),
        ).fetchall()
        shapes = shapely.from_wkb([bytes(r[1]) for r in rows])
        started = time.perf_counter()
        ours_simple = shapely.coverage_simplify(shapes, tolerance)
        figures["simplify_shapely_s"] = time.perf_counter() - started
        started = time.perf_counter()
        theirs = conn.execute(
            "SELECT ST_AsBinary(ST_SimplifyPreserveTopology(g, %s)) FROM"
            " bench_area_geom WHERE code LIKE %s ORDER BY code",
            (tolerance, f"{province}.%"),
        ).fetchall()
        figures["simplify_postgis_s"] = time.perf_counter() - started
        theirs_simple = shapely.from_wkb([bytes(r[0]) for r in theirs])
        figures["simplified_villages"] = len(rows)
        figures["slivers_shapely_deg2"] = slivers(ours_simple)
        figures["slivers_postgis_deg2"] = slivers(theirs_simple)
        conn.execute("DROP TABLE bench_area_geom")
    print(f"{villages} villages with polygons; {args.lookups} lookups x {args.rounds} rounds")
    print(
        "shapely: village_at on the STRtree of every village in the worker (built once per "
        "process and geometry revision); app_postgis: village_at answered by PostGIS (the "
        "app's index on area.geom, gap fallback included); postgis: raw ST_Contains on a "
        "GiST-indexed geometry column, one query per lookup"
    )
    for key, value in figures.items():
        print(f"  {key:28} {value}")
    print(
        json.dumps(
            {"bench": "spatial", "villages": villages, "lookups": args.lookups, "figures": figures}
        )
    )


if __name__ == "__main__":
    main()
