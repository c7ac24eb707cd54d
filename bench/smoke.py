"""Every bench at its smallest setting, so that none of them rots (CI runs this after the suite).

Each must exit 0 and print its figures last as one JSON line; the sizes here prove the code
paths run, not the figures (see bench/README.md for the real runs). PostgreSQL benches use
BENCH_PG (default postgresql://postgres@127.0.0.1:5432) and databases named relief_bench_smoke*.

    .venv/bin/python bench/smoke.py [--only NAME ...]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SHARED = next(
    (
        base / "shared" / "geodata"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "geodata").is_dir()
    ),
    None,
)
RUNS = {
    "scale": [
        PY,
        "bench/scale_bench.py",
        "--villages",
        "150",
        "--rounds",
        "1",
        "--requests",
        "3",
        "--no-explore",
        "--prefix",
        "relief_bench_smoke_scale",
    ],
    # On the database the scale run just built (so after it; --only spatial needs it built).
    "spatial": [
        PY,
        "bench/spatial_bench.py",
        "--database",
        os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
        + "/relief_bench_smoke_scale_150",
        "--lookups",
        "50",
        "--rounds",
        "1",
    ],
    "coverage": [PY, "bench/coverage_bench.py"],
    "load": [
        PY,
        "bench/load_bench.py",
        "--seconds",
        "1",
        "--repeat",
        "1",
        "--clients",
        "2",
        "--workers",
        "1",
        "--only",
        "sqlite",
        "--port",
        "5591",
    ],
    "soak": [PY, "bench/soak_bench.py", "--per-writer", "1"],
    "import": [PY, "bench/import_bench.py"],
    "map": [PY, "bench/map_bench.py", "--runs", "1"],
}
ENV = {"coverage": {"BENCH_SCALE": "0.005", "BENCH_DB": "relief_bench_smoke_coverage"}}
NEEDS_GEODATA = {"import", "map"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(RUNS))
    names = parser.parse_args().only or list(RUNS)
    failed = []
    for name in names:
        if name in NEEDS_GEODATA and SHARED is None:
            print(f"-- {name}: skipped (../shared/geodata is absent)")
            continue
        started = time.perf_counter()
        result = subprocess.run(
            RUNS[name],
            cwd=ROOT,
            env=dict(os.environ, **ENV.get(name, {})),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        lines = result.stdout.strip().splitlines()
        try:
            figures = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            figures = None
        ok = result.returncode == 0 and isinstance(figures, dict) and figures.get("bench")
        print(f"-- {name}: {'ok' if ok else 'FAILED'} in {seconds:.0f} s", flush=True)
        if not ok:
            failed.append(name)
            print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
