"""Load figures: the app under gunicorn against a bare Flask endpoint, same database, same run.

Prints, for SQLite and (if reachable) PostgreSQL:
- shipment logging throughput: POST /api/v1/shipments (schema, token, reference checks,
  idempotency, the rows, the audit entry, alert rules, commit) against a bare endpoint doing one
  INSERT of the body and a commit (goal >= 0.5);
- public village page p95: GET /desa/<code> against a bare primary-key fetch of the same
  village, both with the codes spread over every village (each client walks its own shuffled
  order of all of them), with the page cache off and on (goal <= 3 both).

The app runs twice (page cache on and off) beside the bare app, each under the same gunicorn
settings on the same database; PostgreSQL runs use Redis (REDIS_URL, default
redis://127.0.0.1:6379/8 when it answers) for rate limits and caches, as production does.
Every repeat drives each pair again, the order of the two sides reversed every other repeat;
the summary gives medians over the repeats, the first repeat standing for "cold" (fresh
workers, empty caches) and the median of the others for "warm". The figures come last as one
JSON line.

Usage: .venv/bin/python bench/load_bench.py [--seconds 15] [--clients 8] [--repeat 3]
       [--only sqlite|postgresql] [--workers N] [--port 5391]
"""

import argparse
import json
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from functools import partial
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
VILLAGE = "36.02.25.2004"  # Banjarsari, Lebakgedong
WORKERS = max(2, (os.cpu_count() or 2) + 1)
BENCH_REDIS = "redis://127.0.0.1:6379/8"


def _wait(port: int, path: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2)
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"server on {port} did not come up")


def _serve(target: str, port: int, env: dict, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            GUNICORN,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def _client(port, method, paths, body_fn, headers, seconds, queue, offset=0):
    """One keep-alive client: returns (count, latencies) for `seconds`."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, count, i, errors, first_error = [], 0, offset, 0, None
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        path = paths[i % len(paths)]
        body = json.dumps(body_fn(i)) if body_fn else None
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        answer = response.read()
        latencies.append(time.perf_counter() - t0)
        if response.status >= 400:
            errors += 1
            first_error = first_error or f"{response.status} {answer[:300]!r}"
        count += 1
        i += 1
    queue.put((count, latencies, errors, first_error))


def drive(port, method, paths, body_fn, headers, seconds, clients) -> dict:
    """Run `clients` processes against one endpoint; throughput and p95 latency."""
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(
            target=_client,
            args=(port, method, paths, body_fn, headers, seconds, queue, n * len(paths) // clients),
        )
        for n in range(clients)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for _, lat, _, _ in results for x in lat)
    total = sum(c for c, _, _, _ in results)
    first_error = next((e for *_, e in results if e), None)
    if first_error:  # an error answers faster than the work: the figure would flatter us
        print(f"!! {method} {paths[0]}: {first_error}", flush=True)
    return {
        "rps": total / seconds,
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "median_ms": 1000 * statistics.median(latencies),
        "errors": sum(e for _, _, e, _ in results),
    }


def shipment_body(target: dict, i: int) -> dict:
    return {
        "event_id": target["event_id"],
        "origin_depot_id": target["depot_id"],
        "destination_code": VILLAGE,
        "items": [{"commodity": "rice", "quantity": 10 + i % 50, "unit": "sack25"}],
        "vehicle_plate": "A 1234 BC",
        "notes": "load bench",
    }


def bare_body(target: dict, i: int) -> dict:
    return dict(shipment_body(target, i), kind="bare")


def write_target(database_url: str) -> dict:
    """The live event and a depot of the bench account's organisation (its write scope)."""
    from sqlalchemy import create_engine, text

    from relief.config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as conn:
        event_id = conn.execute(
            text("SELECT id FROM event WHERE scenario_at IS NULL ORDER BY id LIMIT 1")
        ).scalar_one()
        depot_id = conn.execute(
            text(
                "SELECT d.id FROM depot d JOIN user_account u"
                " ON u.organisation_id = d.organisation_id"
                " WHERE u.username = 'logistik' ORDER BY d.id LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return {"event_id": event_id, "depot_id": depot_id}


def prepare(database_url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, DEMO_MODE="1", FLASK_APP="wsgi")
    flask = [PY, "-m", "flask", "--app", "wsgi"]
    subprocess.run(
        flask + ["db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    subprocess.run(
        flask + ["demo", "load", "--if-empty"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return env


def token(port: int) -> str:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        data=json.dumps({"username": "logistik", "password": "bantuan2020"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    return json.load(urllib.request.urlopen(req))["token"]


def _redis_url() -> str | None:
    """REDIS_URL, or the local Redis used by CI when it answers PING."""
    url = os.environ.get("REDIS_URL") or BENCH_REDIS
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=1)
        client.ping()
        client.flushdb()  # a bench database: no counters or pages from an earlier run
        return url
    except Exception:
        return None


def village_codes(database_url: str) -> list[str]:
    """Every village code, shuffled once (the same order for both sides)."""
    import random

    from sqlalchemy import create_engine, text

    from relief.config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as conn:
        codes = [r[0] for r in conn.execute(text("SELECT code FROM area WHERE level = 'village'"))]
    engine.dispose()
    random.Random(5).shuffle(codes)
    return codes


def pair(first, second, reverse: bool) -> tuple[dict, dict]:
    """Run two measurements, in the other order when `reverse`; answers them in call order."""
    if reverse:
        b = second()
        return first(), b
    a = first()
    return a, second()


def run(label: str, database_url: str, args, redis_url: str | None = None) -> dict:
    env = prepare(database_url)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    codes = village_codes(database_url)
    target = write_target(database_url)
    # SQLite serves one web process (the app refuses several workers on it): both sides get one.
    workers = 1 if database_url.startswith("sqlite") else args.workers
    app_port, bare_port, nocache_port = args.port, args.port + 1, args.port + 2
    app_srv = _serve("wsgi:app", app_port, dict(env, PUBLIC_PAGE_CACHE="1"), workers)
    bare_env = dict(env, PYTHONPATH=str(ROOT))
    # The bare table is made once here: made by every worker at once, PostgreSQL refuses all
    # but one of the CREATE TABLEs and the workers fail to boot.
    subprocess.run([PY, "-c", "import bench.bare_app"], cwd=ROOT, env=bare_env, check=True)
    bare_srv = _serve("bench.bare_app:app", bare_port, bare_env, workers)
    nocache_srv = _serve("wsgi:app", nocache_port, dict(env, PUBLIC_PAGE_CACHE="0"), workers)
    seconds, clients = args.seconds, args.clients
    rounds = []
    try:
        _wait(app_port, "/api/v1/events")
        _wait(nocache_port, "/api/v1/events")
        _wait(bare_port, f"/fetch/{VILLAGE}")
        auth = {"Authorization": f"Bearer {token(app_port)}", "Content-Type": "application/json"}
        plain = {"Content-Type": "application/json"}
        store = f"Redis {redis_url}" if redis_url else "per-process memory"
        pages = [f"/desa/{c}" for c in codes]
        fetches = [f"/fetch/{c}" for c in codes]
        for n in range(1, args.repeat + 1):
            reverse = n % 2 == 0
            app_w, bare_w = pair(
                lambda: drive(
                    app_port,
                    "POST",
                    ["/api/v1/shipments"],
                    partial(shipment_body, target),
                    auth,
                    seconds,
                    clients,
                ),
                lambda: drive(
                    bare_port,
                    "POST",
                    ["/insert"],
                    partial(bare_body, target),
                    plain,
                    seconds,
                    clients,
                ),
                reverse,
            )
            off_r, bare_r = pair(
                lambda: drive(nocache_port, "GET", pages, None, {}, seconds, clients),
                lambda: drive(bare_port, "GET", fetches, None, {}, seconds, clients),
                reverse,
            )
            on_r, bare_r2 = pair(
                lambda: drive(app_port, "GET", pages, None, {}, seconds, clients),
                lambda: drive(bare_port, "GET", fetches, None, {}, seconds, clients),
                reverse,
            )
            figures = {
                "write_ratio": app_w["rps"] / bare_w["rps"],
                "page_p95_ratio_cache_off": off_r["p95_ms"] / bare_r["p95_ms"],
                "page_p95_ratio_cache_on": on_r["p95_ms"] / bare_r2["p95_ms"],
                "shipment_rps": app_w["rps"],
                "bare_insert_rps": bare_w["rps"],
                "page_p95_ms_cache_off": off_r["p95_ms"],
                "page_p95_ms_cache_on": on_r["p95_ms"],
                "bare_fetch_p95_ms": bare_r["p95_ms"],
                "errors": app_w["errors"] + off_r["errors"] + on_r["errors"],
            }
            rounds.append(figures)
            print(
                f"== {label} repeat {n}/{args.repeat} ({'bare' if reverse else 'app'} side "
                f"first; {workers} gunicorn workers each, {clients} client processes, "
                f"{seconds}s per endpoint; limits/caches: {store}; {len(codes)} villages)"
            )
            print(f"shipment POST   {app_w['rps']:8.1f} req/s  errors {app_w['errors']}")
            print(f"bare INSERT     {bare_w['rps']:8.1f} req/s  errors {bare_w['errors']}")
            print(f"  throughput ratio app/bare = {figures['write_ratio']:.2f}  (goal >= 0.5)")
            print(
                f"village page, cache off  p95 {off_r['p95_ms']:7.1f} ms  median "
                f"{off_r['median_ms']:.1f} ms  errors {off_r['errors']}"
            )
            print(
                f"village page, cache on   p95 {on_r['p95_ms']:7.1f} ms  median "
                f"{on_r['median_ms']:.1f} ms  errors {on_r['errors']}"
            )
            print(
                f"bare PK fetch            p95 {bare_r['p95_ms']:7.1f} ms  median "
                f"{bare_r['median_ms']:.1f} ms"
            )
            print(
                f"  p95 ratio app/bare = {figures['page_p95_ratio_cache_off']:.2f} cache off, "
                f"{figures['page_p95_ratio_cache_on']:.2f} cache on  (goal <= 3)",
                flush=True,
            )
    finally:
        for srv in (app_srv, bare_srv, nocache_srv):
            os.killpg(srv.pid, signal.SIGTERM)
            srv.wait()
    warm = rounds[1:] or rounds
    summary = {
        "cold": rounds[0],
        "warm": {k: statistics.median(r[k] for r in warm) for k in rounds[0]},
        "errors": sum(r["errors"] for r in rounds),
    }
    print(
        f"== {label}: cold (first repeat) write {rounds[0]['write_ratio']:.2f}, page p95 "
        f"{rounds[0]['page_p95_ratio_cache_off']:.2f} off / "
        f"{rounds[0]['page_p95_ratio_cache_on']:.2f} on; warm (median of {len(warm)}) write "
        f"{summary['warm']['write_ratio']:.2f}, page p95 "
        f"{summary['warm']['page_p95_ratio_cache_off']:.2f} off / "
        f"{summary['warm']['page_p95_ratio_cache_on']:.2f} on",
        flush=True,
    )
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="runs per database (median)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers each")
    parser.add_argument("--port", type=int, default=5391, help="app port; the bare app uses +1")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(
        "sides: shipment POST (the app's whole write path) vs bare INSERT + commit; "
        "/desa/<code> (cache off, then on) vs bare PK fetch, codes spread over all villages"
    )
    results = {}
    if args.only in (None, "sqlite"):
        tmp = tempfile.mkdtemp(prefix="relief-load-")
        results["sqlite"] = run("SQLite (WAL)", f"sqlite:///{tmp}/load.db", args)
    if args.only in (None, "postgresql"):
        url = os.environ.get(
            "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/relief_bench_load"
        )
        admin = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        results["postgresql"] = run("PostgreSQL", url, args, _redis_url())
    print(
        json.dumps(
            {
                "bench": "load",
                "seconds": args.seconds,
                "clients": args.clients,
                "workers": args.workers,
                "repeat": args.repeat,
                "results": results,
            }
        )
    )
    # Figures measured on failing requests are not figures: the run fails (CI's smoke too).
    if any(summary["errors"] for summary in results.values()):
        sys.exit("requests failed (see the !! lines): the figures above do not count")


if __name__ == "__main__":
    main()
