"""The long soak: 8 concurrent writers, 500 shipments each, through the API (issue 7).

Runs tests/logistics/test_concurrency_soak.py (the suite runs it at 10 per writer) with
RELIEF_SOAK_PER_WRITER shipments per writer: each shipment is created, its creation replayed
with the same Idempotency-Key, dispatched, cancelled with a stale version (must answer 409)
and delivered; afterwards every shipment must be delivered exactly once and the audit chain
must verify. Prints the wall time and requests per second, last as one JSON line.

    .venv/bin/python bench/soak_bench.py [--per-writer 500] [--database postgresql://...]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRITERS, REQUESTS_PER_SHIPMENT = 8, 5  # create, replay, dispatch, stale cancel, deliver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-writer", type=int, default=500)
    parser.add_argument(
        "--database", default="", help="RELIEF_TEST_DATABASE (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    env = dict(
        os.environ, RELIEF_SOAK_PER_WRITER=str(args.per_writer), RELIEF_TEST_DATABASE=args.database
    )
    shipments = WRITERS * args.per_writer
    print(
        f"{WRITERS} writers x {args.per_writer} shipments, {REQUESTS_PER_SHIPMENT} requests "
        f"each, on {args.database or 'SQLite'}",
        flush=True,
    )
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/logistics/test_concurrency_soak.py",
        ],
        cwd=ROOT,
        env=env,
    )
    seconds = time.perf_counter() - started
    requests = shipments * REQUESTS_PER_SHIPMENT
    print(
        json.dumps(
            {
                "bench": "soak",
                "passed": result.returncode == 0,
                "writers": WRITERS,
                "per_writer": args.per_writer,
                "shipments": shipments,
                "requests": requests,
                "seconds": round(seconds, 1),
                "requests_per_s": round(requests / seconds, 1),
                "database": "postgresql" if args.database else "sqlite",
            }
        )
    )
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
