"""Load figures: the app under gunicorn against a bare Flask endpoint, same database, same run.

Prints, for SQLite and (if reachable) PostgreSQL:
- shipment logging throughput (POST /api/v1/shipments) as a fraction of the bare INSERT
  (goal >= 0.5);
- public village page (/desa/<code>) p95 latency as a multiple of the bare primary-key fetch
  (goal <= 3).

Both servers get the same gunicorn settings and the same database; PostgreSQL runs use Redis
(REDIS_URL, default redis://127.0.0.1:6379/15 when it answers) for rate limits and caches, as a
production deployment does. Each repeat drives all four endpoints again in the same run; the
summary gives the median ratio over the repeats.

Usage: .venv/bin/python bench/load_bench.py [--seconds 15] [--clients 8] [--repeat 2]
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
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
VILLAGE = "36.02.25.2004"  # Banjarsari, Lebakgedong
WORKERS = max(2, (os.cpu_count() or 2) + 1)
BENCH_REDIS = "redis://127.0.0.1:6379/15"


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


def _client(port, method, paths, body_fn, headers, seconds, queue):
    """One keep-alive client: returns (count, latencies) for `seconds`."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, count, i, errors = [], 0, 0, 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        path = paths[i % len(paths)]
        body = json.dumps(body_fn(i)) if body_fn else None
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - t0)
        if response.status >= 400:
            errors += 1
        count += 1
        i += 1
    queue.put((count, latencies, errors))


def drive(port, method, paths, body_fn, headers, seconds, clients) -> dict:
    """Run `clients` processes against one endpoint; throughput and p95 latency."""
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(
            target=_client, args=(port, method, paths, body_fn, headers, seconds, queue)
        )
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for _, lat, _ in results for x in lat)
    total = sum(c for c, _, _ in results)
    return {
        "rps": total / seconds,
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "median_ms": 1000 * statistics.median(latencies),
        "errors": sum(e for _, _, e in results),
    }


def shipment_body(i: int) -> dict:
    return {
        "event_id": 1,
        "origin_depot_id": 1,
        "destination_code": VILLAGE,
        "items": [{"commodity": "rice", "quantity": 10 + i % 50, "unit": "sack25"}],
        "vehicle_plate": "A 1234 BC",
        "notes": "load bench",
    }


def bare_body(i: int) -> dict:
    return dict(shipment_body(i), kind="bare")


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


def run(label: str, database_url: str, args, redis_url: str | None = None) -> list[tuple]:
    env = prepare(database_url)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    app_port, bare_port = args.port, args.port + 1
    app_srv = _serve("wsgi:app", app_port, env, args.workers)
    bare_env = dict(env, PYTHONPATH=str(ROOT))
    bare_srv = _serve("bench.bare_app:app", bare_port, bare_env, args.workers)
    seconds, clients = args.seconds, args.clients
    ratios = []
    try:
        _wait(app_port, "/api/v1/events")
        _wait(bare_port, f"/fetch/{VILLAGE}")
        auth = {"Authorization": f"Bearer {token(app_port)}", "Content-Type": "application/json"}
        plain = {"Content-Type": "application/json"}
        store = f"Redis {redis_url}" if redis_url else "per-process memory"
        for n in range(1, args.repeat + 1):
            app_w = drive(app_port, "POST", ["/api/v1/shipments"], shipment_body, auth, seconds,
                          clients)
            bare_w = drive(bare_port, "POST", ["/insert"], bare_body, plain, seconds, clients)
            app_r = drive(app_port, "GET", [f"/desa/{VILLAGE}"], None, {}, seconds, clients)
            bare_r = drive(bare_port, "GET", [f"/fetch/{VILLAGE}"], None, {}, seconds, clients)
            print(f"== {label} run {n}/{args.repeat} ({args.workers} gunicorn workers each, "
                  f"{clients} client processes, {seconds}s per endpoint; limits/caches: {store})")
            print(f"shipment POST   {app_w['rps']:8.1f} req/s  errors {app_w['errors']}")
            print(f"bare INSERT     {bare_w['rps']:8.1f} req/s  errors {bare_w['errors']}")
            print(f"  throughput ratio app/bare = {app_w['rps'] / bare_w['rps']:.2f}"
                  "  (goal >= 0.5)")
            print(f"village page    p95 {app_r['p95_ms']:7.1f} ms  median "
                  f"{app_r['median_ms']:.1f} ms  errors {app_r['errors']}")
            print(f"bare PK fetch   p95 {bare_r['p95_ms']:7.1f} ms  median "
                  f"{bare_r['median_ms']:.1f} ms")
            print(f"  p95 ratio app/bare = {app_r['p95_ms'] / bare_r['p95_ms']:.2f}  (goal <= 3)",
                  flush=True)
            ratios.append((app_w["rps"] / bare_w["rps"], app_r["p95_ms"] / bare_r["p95_ms"]))
    finally:
        for srv in (app_srv, bare_srv):
            os.killpg(srv.pid, signal.SIGTERM)
            srv.wait()
    throughput = statistics.median(r[0] for r in ratios)
    latency = statistics.median(r[1] for r in ratios)
    print(f"== {label} median of {len(ratios)} runs: throughput ratio {throughput:.2f} "
          f"(goal >= 0.5), p95 ratio {latency:.2f} (goal <= 3)", flush=True)
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2, help="runs per database (median)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers each")
    parser.add_argument("--port", type=int, default=5391, help="app port; the bare app uses +1")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    if args.only in (None, "sqlite"):
        tmp = tempfile.mkdtemp(prefix="relief-load-")
        run("SQLite (WAL)", f"sqlite:///{tmp}/load.db", args)
    if args.only in (None, "postgresql"):
        url = os.environ.get(
            "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/relief_load"
        )
        admin = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        run("PostgreSQL", url, args, _redis_url())


if __name__ == "__main__":
    main()
