"""Import of the real 1,552 Banten villages against plain geopandas on the same file.

Run: .venv/bin/python bench/import_bench.py [PATH]
(default: ../shared/geodata/banten_villages.geojson)
Prints the app's import time (read, repair, simplify, dissolve, store in a scratch SQLite
database), the geopandas baseline (read + make_valid + coverage_simplify), their ratio, the
repaired count, and how many of 20,000 random points inside the province's bounding box fall
in gaps between villages (answered by the nearest-village fallback).
"""

import json
import random
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "geodata" / "banten_villages.geojson"


def baseline(path: Path, tolerance: float) -> float:
    """Seconds for geopandas to read, repair and coverage-simplify the file."""
    start = time.perf_counter()
    frame = gpd.read_file(path, engine="pyogrio")
    geometries = frame.geometry.make_valid()
    shapely.coverage_simplify(geometries.values, tolerance)
    return time.perf_counter() - start


def main() -> None:
    """Run both, print the numbers."""
    from relief import create_app
    from relief.areas import spatial
    from relief.areas.boundary_import import import_boundaries
    from relief.areas.facts import read_facts
    from relief.areas.services import load_areas
    from relief.extensions import db
    from relief.unit_of_work import commit_write

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db"}
        )
        with app.app_context():
            db.create_all()
            load_areas(read_facts())
            commit_write(evaluate_alerts=False)
            tolerance = app.config["GEODATA_DISPLAY_TOLERANCE"]
            plain = baseline(path, tolerance)
            start = time.perf_counter()
            report = import_boundaries(path)
            commit_write(evaluate_alerts=False)
            ours = time.perf_counter() - start
            rng = random.Random(1)
            bounds = (105.1, -7.0, 106.8, -5.8)
            counts = {"exact": 0, "fallback": 0, "none": 0}
            start = time.perf_counter()
            for _ in range(20_000):
                lon, lat = rng.uniform(bounds[0], bounds[2]), rng.uniform(bounds[1], bounds[3])
                found = spatial.village_at(lat, lon)
                counts["none" if found is None else "exact" if found[2] else "fallback"] += 1
            lookups = time.perf_counter() - start
    print(f"file: {path.name}, features: {report['features']}")
    print(f"app import (read+repair+simplify+dissolve+store): {ours:.2f} s")
    print(f"geopandas read+make_valid+coverage_simplify:      {plain:.2f} s")
    print(f"ratio app / geopandas: {ours / plain:.2f}")
    print(f"repaired geometries: {report['repaired']}")
    print(f"20,000 random points: {counts} in {lookups:.2f} s (index build included)")
    print(
        json.dumps(
            {
                "bench": "import",
                "features": report["features"],
                "ours_s": ours,
                "geopandas_s": plain,
                "ratio": ours / plain,
                "repaired": report["repaired"],
                "lookups_s": lookups,
                "points": counts,
            }
        )
    )


if __name__ == "__main__":
    main()
