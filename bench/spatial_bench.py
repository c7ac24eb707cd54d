"""Should PostgreSQL do the spatial work (PostGIS) at national scale? Both ways, same rows.

On a database built by bench/scale_bench.py (`--database`, default relief_bench_scale_8400):
- point lookups: `relief.areas.spatial.village_at` (an STRtree of every village shape in each
  worker process: its build time and resident memory, then per lookup) against PostGIS
  `ST_Contains` on a GiST-indexed geometry column (one query per lookup, as a request would);
- simplification of one province's villages: `shapely.coverage_simplify` (what the import does;
  neighbours keep one shared border) against PostGIS `ST_SimplifyPreserveTopology` per polygon
  (PostGIS 3.3, Debian 12's, has no coverage simplification), with the gaps and overlaps each
  leaves between neighbours.
Needs the `postgis` extension (Debian: postgresql-15-postgis-3); it adds a scratch table
`bench_area_geom` and drops it afterwards. Figures last as one JSON line.

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
    from relief.areas import spatial

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
            base = rss_mb()
            peak_reset()
            started = time.perf_counter()
            spatial.village_at(*sample[0])
            figures["strtree_build_s"] = time.perf_counter() - started
            figures["strtree_memory_mb"] = peak_mb() - base

            def ours():
                started = time.perf_counter()
                found = [spatial.village_at(lat, lon) for lat, lon in sample]
                return (time.perf_counter() - started) / len(sample), found

            def postgis():
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

            runs = {"shapely": [], "postgis": []}
            for index in range(args.rounds):
                order = [("shapely", ours), ("postgis", postgis)]
                for name, fn in order if index % 2 == 0 else order[::-1]:
                    runs[name].append(fn())
            agree = sum(
                1
                for a, b in zip(runs["shapely"][0][1], runs["postgis"][0][1], strict=True)
                if b is not None and a is not None and a[0] == b[0]
            )
            figures["lookup_shapely_ms"] = statistics.median(r[0] for r in runs["shapely"]) * 1e3
            figures["lookup_postgis_ms"] = statistics.median(r[0] for r in runs["postgis"]) * 1e3
            figures["lookups_agreeing"] = agree

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
        "shapely: STRtree of every village in the worker (built once per process and "
        "geometry revision); PostGIS: ST_Contains on a GiST index, one query per lookup"
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
