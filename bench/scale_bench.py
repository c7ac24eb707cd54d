"""The app at national scale on PostgreSQL, each figure beside a bare baseline doing the same work.

For each `--villages N` it builds a fresh database (`<prefix>_<N>`) with the synthetic national
dataset of bench/national.py (villages with polygons in a province / regency / district /
village hierarchy, about 12 shipment items a village: 1,000,000 at 84,000; assessments for a
third of the villages), then measures, alternating which side runs first in each round and
giving medians over `--rounds`:

- coverage, one regency (36.01) and one province (36): `village_coverage(...)` (what a view
  pays: SQL, SQLAlchemy and the row dicts) against a bare SUM ... GROUP BY of delivered
  quantities over the same villages on a plain psycopg connection; cold is each side's first
  run, warm the median of the rounds after 11 more (the steady state of a deployed
  connection: statements prepared, plans chosen);
- alert evaluation over the whole event as the job runs it (every rule, every village, one
  province per transaction; opening every alert, then re-evaluating), time and peak memory
  (VmHWM, reset before each run), each province rolled back; baseline: the bare GROUP BY over
  every village;
- map first view, one province and one regency: the map page plus the geometry requests its
  first view makes (the overview, and for a regency its display detail), server time and
  gzipped bytes, cold (first view after a boundary import: nothing in memory; what the import
  prepared, if anything, on disk) and warm; against `GeoDataFrame.explore()` of the same
  villages coloured by the same weakest-link coverage;
- village search (`/api/v1/public/places?q=`), cold (first search) and warm, against a bare
  `name ILIKE 'prefix%'` select;
- public village page `/desa/<code>` p95 with requests spread over all villages (a fresh
  random sample each round, the same for both sides), page cache off, and on both cold (the
  first visit of each village after the cache was emptied) and warm (its second visit),
  against a bare Flask endpoint doing a primary-key fetch of the same villages through the
  same test client (and, as `ratio_to_sql`, against that fetch alone without a request).

Prints what each side does, then the figures, and last one JSON line with every figure.

    .venv/bin/python bench/scale_bench.py --villages 1500 8400 [84000] [--rounds 3]
    BENCH_PG=postgresql://postgres@127.0.0.1:5432 (default) selects the server;
    --prefix relief_bench_scale names the databases; --reuse times an existing one again.
"""

import argparse
import gzip
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import national  # noqa: E402

BASE = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
AS_OF = national.START + timedelta(days=15)
PROVINCE, REGENCY = "36", "36.01"
WARMUP_REGENCY = "36.02"  # the map's untimed first view (see measure_map)
COMMODITIES = ["rice", "medicine", "clothing"]  # the map's core commodities, its columns
WARMUP_RUNS = 11  # coverage: past psycopg's prepare threshold and PostgreSQL's plan choice
PASSWORD = secrets.token_urlsafe(12) + "a1"  # a fresh bench account each run (see account)

BARE = """
SELECT s.destination_code, si.commodity_code, SUM(COALESCE(ri.accepted_base, si.quantity_base))
FROM shipment s JOIN shipment_item si ON si.shipment_id = s.id
LEFT JOIN receipt_item ri ON ri.shipment_item_id = si.id
{join}
WHERE s.event_id = 1 AND s.status = 'delivered' AND s.delivered_at <= %(as_of)s {where}
GROUP BY s.destination_code, si.commodity_code
"""
AREA_JOIN = "JOIN area a ON a.code = s.destination_code"
SIDES = {
    "coverage ours": "relief.coverage.queries.village_coverage(event, as_of, parent): latest "
    "assessment (as amended) and delivered per commodity (receipts and amendments by as_of) "
    "in one row per village, need and coverage per commodity from the norms, as one row dict "
    "per village and commodity",
    "coverage bare": "one SUM(COALESCE(accepted, logged)) GROUP BY village, commodity over the "
    "same shipments, joined to area for the same villages (psycopg, tuples)",
    "alerts ours": "every village, province by province as the job runs them "
    "(evaluate(event, province=...)): all rules, opening every alert, then a re-evaluation, "
    "each province's transaction rolled back where the job commits it",
    "alerts bare": "the bare GROUP BY over every village",
    "map ours": "GET /coverage/map (+ ?regency=) and the geometry request of its first view "
    "(packed topology: a province at overview detail, a regency at display detail), asking "
    "for br or gzip as a browser does, bytes as sent",
    "map explore": "GeoDataFrame.explore(column=weakest coverage) of the same villages at "
    "the same detail (the same overview or display shapes, full-precision GeoJSON), "
    "rendered HTML, gzip -6; timed from reading the polygons (simplified untimed)",
    "map explore_fields": "the same explore() with the fields our map sends per village "
    "(name, severity, affected, displaced; need, delivered, coverage per commodity) in its "
    "tooltip: bytes_ratio_same_fields",
    "search ours": "GET /api/v1/public/places?q=<part of a village name> (rapidfuzz index)",
    "search bare": "SELECT code, name FROM area WHERE name ILIKE 'prefix%' LIMIT 20",
    "page ours": "GET /desa/<code>, anonymous, code drawn from every village; cache on: "
    "distinct villages each round, cold (first visit, cache emptied) then warm (second visit)",
    "page bare": "GET /fetch/<code> on a bare Flask app (same test client plumbing): SELECT "
    "code, name FROM area WHERE code = ... (SQLAlchemy Core, its own engine on the same "
    "database), as JSON; "
    "ratio_to_sql: against that SELECT alone, without any request",
}


def peak_reset() -> None:
    """Reset this process's peak resident size (Linux: /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mb() -> float:
    """Peak resident size since the last reset, MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def clock(fn):
    """(seconds, result) of one call."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def alternate(rounds: int, sides: dict) -> dict:
    """Run each side once per round, the order reversed every other round; lists of results."""
    results = {name: [] for name in sides}
    names = list(sides)
    for index in range(rounds):
        for name in names if index % 2 == 0 else names[::-1]:
            results[name].append(sides[name]())
    return results


def median(values) -> float:
    return statistics.median(values)


def build(url: str, villages: int) -> dict:
    """A fresh database with the schema, defaults and the dataset."""
    from relief import create_app
    from relief.catalog.services import install_defaults
    from relief.extensions import db
    from relief.unit_of_work import commit_write

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    app = create_app({"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        install_defaults()
        commit_write(evaluate_alerts=False)
        db.engine.dispose()
    return national.load(url, villages)


def make_app(url: str, cache_dir: str):
    """The app as wsgi.py builds it for gunicorn: created, then its start-up objects frozen
    out of the cyclic GC (without that, collections rescanning ~350,000 start-up objects
    took 40 % of a province's map page here)."""
    import gc

    from relief import create_app

    app = create_app(
        {
            "CONFIG_KIND": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "GEODATA_CACHE_DIR": cache_dir,
            "RATELIMIT_ENABLED": False,
            "MAP_DATA_CACHE": True,  # as deployed (the testing config turns it off)
            "REFERENCE_CACHE": True,  # as deployed: the events a public page offers
            "SEARCH_RECHECK_SECONDS": 5.0,  # as deployed: the area revision read every 5 s
        }
    )
    gc.freeze()
    return app


def measure_coverage(app, url: str, rounds: int) -> dict:
    from relief.coverage.queries import village_coverage

    out = {}
    with app.app_context(), psycopg.connect(url) as conn:
        for label, parent, where in (
            ("regency", REGENCY, f"AND a.regency_code = '{REGENCY}'"),
            ("province", PROVINCE, f"AND a.code LIKE '{PROVINCE}.%%'"),
        ):

            def ours(parent=parent):
                return clock(lambda: village_coverage(1, AS_OF, parent=parent))[0]

            def bare(where=where):
                return clock(
                    lambda: conn.execute(
                        BARE.format(join=AREA_JOIN, where=where), {"as_of": AS_OF}
                    ).fetchall()
                )[0]

            cold = {"ours": ours(), "bare": bare()}
            # Warm is the deployed steady state: psycopg prepares a statement at its sixth
            # run on a connection, and PostgreSQL may switch a prepared statement to a generic
            # plan after five more (relief.core.database); both sides get there untimed.
            for _ in range(WARMUP_RUNS):
                ours()
                bare()
            runs = alternate(rounds, {"ours": ours, "bare": bare})
            out[label] = {
                "cold_ours_s": cold["ours"],
                "cold_bare_s": cold["bare"],
                "ours_s": median(runs["ours"]),
                "bare_s": median(runs["bare"]),
            }
            out[label]["ratio"] = out[label]["ours_s"] / out[label]["bare_s"]
    return out


def measure_alerts(app, url: str, rounds: int) -> dict:
    from sqlalchemy import event, func, select

    from relief.alerts import evaluation
    from relief.areas.models import Area
    from relief.extensions import db
    from relief.unit_of_work import rollback_write

    rewritten = []  # alert rows the re-evaluation wrote (nothing changed: should be none)

    def count_updates(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE alert "):
            rewritten[-1] += len(parameters) if executemany else 1

    def ours():
        # As the job runs it (relief.alerts.tasks.evaluate_by_province): each province in its
        # own transaction, here rolled back instead of committed.
        with app.app_context():
            db.session.rollback()
            base = rss_mb()
            peak_reset()
            first = again = 0.0
            counts: dict = {}
            rewritten.append(0)
            try:
                for province in evaluation.parts():
                    seconds, part = clock(
                        lambda p=province: evaluation.evaluate(1, as_of=AS_OF, province=p)
                    )
                    first += seconds
                    evaluation.add_counts(counts, part)
                    event.listen(db.engine, "before_cursor_execute", count_updates)
                    try:
                        seconds, _ = clock(
                            lambda p=province: evaluation.evaluate(1, as_of=AS_OF, province=p)
                        )
                        again += seconds
                    finally:
                        event.remove(db.engine, "before_cursor_execute", count_updates)
                    # What the job's unit of work does when a part fails: undo it and forget
                    # its queued audit entry and notes (a bare rollback kept them queued in
                    # the session's info, so that the parts' audit text piled up).
                    rollback_write()
                peak = peak_mb() - base
                error = None
            except Exception as err:  # the figure is "fails", with the reason
                first = again = peak = float("nan")
                counts, error = {}, f"{type(err).__name__}: {str(err).splitlines()[0][:160]}"
            db.session.rollback()
        return first, again, peak, counts, error

    with app.app_context():  # a whole-event run goes one province at a time
        province = func.substr(Area.code, 1, 2)
        sizes = db.session.execute(
            select(province, func.count()).where(Area.level == "village").group_by(province)
        ).all()
        villages = sum(n for _, n in sizes)

    with psycopg.connect(url) as conn:

        def bare():
            return clock(
                lambda: conn.execute(BARE.format(join="", where=""), {"as_of": AS_OF}).fetchall()
            )[0]

        runs = alternate(rounds, {"ours": ours, "bare": bare})
    # The rolled-back runs leave dead rows behind (two per alert); a later --reuse run would
    # read them (a village page's active-alert count took 16 ms until VACUUM).
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE alert, alert_action, notification_attempt, audit_entry")
    first = [r[0] for r in runs["ours"]]
    out = {
        "first_s": median(first),
        "again_s": median(r[1] for r in runs["ours"]),
        "peak_mb": max(r[2] for r in runs["ours"]),
        "opened": runs["ours"][0][3].get("opened"),
        "error": runs["ours"][0][4],
        "bare_s": median(runs["bare"]),
        "provinces": len(sizes),
        "largest_province_villages": max(n for _, n in sizes),
        "rewritten_by_re_evaluation": max(rewritten, default=None),
    }
    # The scale curve: linear growth keeps these per-village times flat across scales.
    out["first_ms_per_village"] = out["first_s"] / villages * 1e3
    out["again_ms_per_village"] = out["again_s"] / villages * 1e3
    return out


# What a browser offers over HTTPS (Brotli, else gzip): the app answers in one of them.
ACCEPT = {"Accept-Encoding": "br, gzip"}


def decoded(answer) -> bytes:
    """An answer's body as sent (Brotli or gzip; asserted compressed), decompressed."""
    import brotli

    encoding = answer.headers.get("Content-Encoding")
    assert encoding in ("br", "gzip"), encoding  # the bytes as the app sends them
    return brotli.decompress(answer.data) if encoding == "br" else gzip.decompress(answer.data)


def map_requests(client, regency: str | None) -> tuple[float, int, int]:
    """Seconds, compressed bytes as sent and request count of one first view: the page,
    then the geometry its first view fetches (the `overview` topology; a province view
    starts below the detail zoom, and a regency's first topology is already its display
    detail)."""
    import re

    start = time.perf_counter()
    page = client.get("/coverage/map" + (f"?regency={regency}" if regency else ""), headers=ACCEPT)
    assert page.status_code == 200, page.status_code
    size = len(page.data)
    text = decoded(page).decode().replace("\\u0026", "&")
    urls = re.findall(r'"overview": "([^"]+)"', text)
    for url in urls:
        answer = client.get(url, headers=ACCEPT)
        assert answer.status_code == 200, (url, answer.status_code)
        decoded(answer)
        size += len(answer.data)
    return time.perf_counter() - start, size, 1 + len(urls)


def explore_view(app, parent: str, same_fields: bool = False) -> tuple[float, int]:
    """Seconds and gzipped bytes of explore() on the same villages at the same detail as our
    first view draws them (a province: the overview shapes; a regency: the display shapes),
    coloured by the same weakest-link coverage. Timed: reading the villages' polygons from
    the database, their coverage, explore() and rendering; the cleaning and simplification
    of those shapes are done untimed, as ours were at import.

    `same_fields`: the villages also carry what our map sends for each (its name, severity,
    affected and displaced people, and per commodity need, delivered and coverage), shown in
    the tooltip as ours shows them in a popup; without it, only the code and the weakest
    coverage (the goal's figure, `bytes_ratio`)."""
    import geopandas

    from relief.areas.geojson import display_rows
    from relief.areas.topology import topology_shapes
    from relief.coverage.queries import village_coverage
    from relief.maps.styling import village_figures, weakest

    with app.app_context():
        config = app.config
        overview = parent.count(".") == 0
        tolerance = config[
            "GEODATA_OVERVIEW_TOLERANCE" if overview else "GEODATA_DISPLAY_TOLERANCE"
        ]
        rows, shapes = topology_shapes(
            "village", parent, overview, tolerance, config["GEODATA_DISPLAY_TOLERANCE"]
        )
        start = time.perf_counter()
        rows = display_rows("village", parent)  # the read a request would do
        figures = village_figures(village_coverage(1, AS_OF, parent=parent), COMMODITIES)
        columns = {
            "code": [r.code for r in rows],
            "coverage": [
                weakest([f[2] if f else None for f in figures[r.code].figures])
                if r.code in figures
                else None
                for r in rows
            ],
        }
        if same_fields:
            shown = [figures.get(r.code) for r in rows]
            columns["name"] = [r.name for r in rows]  # every village's, as our topology has
            for field in ("severity", "affected", "displaced"):
                columns[field] = [getattr(v, field) if v else None for v in shown]
            for i, commodity in enumerate(COMMODITIES):
                for j, figure in enumerate(("need", "delivered", "coverage")):
                    columns[f"{commodity}_{figure}"] = [
                        v.figures[i][j] if v and v.figures[i] else None for v in shown
                    ]
        frame = geopandas.GeoDataFrame(columns, geometry=shapes, crs="EPSG:4326")
        html = frame.explore(column="coverage", tooltip=list(columns)).get_root().render().encode()
        return time.perf_counter() - start, len(gzip.compress(html, 6))


def prepare_geometry(app) -> tuple[float, bool]:
    """What a boundary import does for the map (`build_display_topologies`, if the code has
    it): seconds, and whether it exists."""
    from relief.areas import topology

    build = getattr(topology, "build_display_topologies", None)
    if build is None:
        return 0.0, False
    with app.app_context():
        seconds, _ = clock(build)
    return seconds, True


def account(app) -> str:
    """A new Ombudsman account for this run (a reused database keeps older ones)."""
    from relief.auth.services import create_user
    from relief.unit_of_work import commit_write

    username = f"bench-{secrets.token_hex(4)}"
    with app.app_context():
        create_user(username, "Bench Ombudsman", "ombudsman", PASSWORD)
        commit_write(evaluate_alerts=False)
    return username


def measure_map(app, rounds: int, explore: bool) -> dict:
    from relief.core import cache

    client = app.test_client()
    login = client.post("/login", data={"username": account(app), "password": PASSWORD})
    assert login.status_code == 302, login.status_code
    build_s, prepared = prepare_geometry(app)
    out = {"import_build_s": build_s, "prepared_at_import": prepared}
    if explore:
        explore_view(app, REGENCY)  # untimed: imports folium, branca, matplotlib once
    # Untimed, like explore's: our side's once-per-process work (templates compiled, the
    # coverage statements prepared) is not what a view after an import costs a running
    # worker. Another regency's view, so neither measured view's data is cached by it.
    map_requests(client, WARMUP_REGENCY)
    for label, regency, parent in (("province", None, PROVINCE), ("regency", REGENCY, REGENCY)):

        def cold(regency=regency):
            # A first view after a boundary import: the import renewed every version token,
            # so no map data is cached; the geometry is what the import prepared, on disk.
            with app.app_context():
                cache.pages.clear()
            app.extensions.pop("relief_geojson_cache", None)
            if not prepared:  # nothing prepared: a first view after an import starts empty
                shutil.rmtree(app.config["GEODATA_CACHE_DIR"], ignore_errors=True)
            return map_requests(client, regency)

        def warm(regency=regency):
            return map_requests(client, regency)

        sides = {"cold": cold, "warm": warm}
        if explore:
            sides["explore"] = lambda parent=parent: explore_view(app, parent)
            sides["explore_fields"] = lambda parent=parent: explore_view(app, parent, True)
        runs = alternate(rounds, sides)
        figures = {f"{side}_s": median(r[0] for r in runs[side]) for side in sides}
        figures.update({f"{side}_gzip_bytes": median(r[1] for r in runs[side]) for side in sides})
        if explore:
            figures["cold_time_ratio"] = figures["cold_s"] / figures["explore_s"]
            figures["warm_time_ratio"] = figures["warm_s"] / figures["explore_s"]
            figures["bytes_ratio"] = figures["warm_gzip_bytes"] / figures["explore_gzip_bytes"]
            figures["bytes_ratio_same_fields"] = (
                figures["warm_gzip_bytes"] / figures["explore_fields_gzip_bytes"]
            )
        out[label] = figures
    return out


def measure_search(app, url: str, rounds: int) -> dict:
    from relief.extensions import db
    from relief.public.search import index as search_index

    client = app.test_client()
    with psycopg.connect(url) as conn:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM area WHERE level = 'village' ORDER BY code")
        ]
        rng = random.Random(3)
        queries = [rng.choice(names).split()[0][:7] for _ in range(20)]
        search_index.clear()  # built afresh for this dataset by the first search

        def ours_one(q):
            answer = client.get(f"/api/v1/public/places?q={q}")
            assert answer.status_code == 200, answer.status_code

        def bare_one(q):
            conn.execute(
                "SELECT code, name FROM area WHERE name ILIKE %s LIMIT 20", (q + "%",)
            ).fetchall()

        cold_ours = clock(lambda: ours_one(queries[0]))[0]
        cold_bare = clock(lambda: bare_one(queries[0]))[0]
        runs = alternate(
            rounds,
            {
                "ours": lambda: median(clock(lambda q=q: ours_one(q))[0] for q in queries),
                "bare": lambda: median(clock(lambda q=q: bare_one(q))[0] for q in queries),
            },
        )
    with app.app_context():
        db.session.remove()
    return {
        "cold_ours_s": cold_ours,
        "cold_bare_s": cold_bare,
        "ours_s": median(runs["ours"]),
        "bare_s": median(runs["bare"]),
        "ratio": median(runs["ours"]) / median(runs["bare"]),
    }


def bare_page_client(engine):
    """A bare Flask endpoint doing one primary-key fetch: the page side's plumbing (a WSGI
    request through the test client) on the baseline side too.

    `engine` must not be the app's: each fetch returns its connection with a ROLLBACK, and a
    ROLLBACK makes psycopg drop the connection's prepared statements. On the app's pooled
    connection that made the first pages of every round after the baseline's plan their
    statements afresh (5 ms of planning for the commodity statement, which then runs in
    1 ms), and the p95 measured that re-planning, which a deployed app does not do."""
    from flask import Flask, jsonify
    from sqlalchemy import select

    from relief.areas.models import Area

    area = Area.__table__
    stmt = select(area.c.code, area.c.name)
    bare = Flask("bare_page")

    @bare.get("/fetch/<code>")
    def fetch(code):
        with engine.connect() as conn:
            row = conn.execute(stmt.where(area.c.code == code)).one()
        return jsonify({"code": row.code, "name": row.name})

    return bare.test_client()


def measure_pages(app, rounds: int, requests: int) -> dict:
    """Village page p95 against the bare fetch, codes drawn from every village.

    Cache off: every request renders (`requests` codes drawn with replacement each round).
    Cache on: each round empties the page cache and draws `requests` distinct villages, then
    asks for them twice: "cold" is the first visit of each (a render that also stores the
    page), "warm" the second, in a new order (each a hit). The bare side fetches the same
    codes in the same two passes; the SELECT alone runs beside the cold pass."""
    from sqlalchemy import create_engine, select

    from relief.areas.models import Area
    from relief.core import cache as page_cache
    from relief.extensions import db

    client = app.test_client()
    with app.app_context():
        codes = list(db.session.scalars(select(Area.code).where(Area.level == "village")))
        # The baseline's own engine, like a separate app's (see bare_page_client).
        engine = create_engine(db.engine.url)
    bare_client = bare_page_client(engine)
    area = Area.__table__
    stmt = select(area.c.code, area.c.name)
    rng = random.Random(11)
    out = {}

    def p95(times):
        return sorted(times)[int(0.95 * (len(times) - 1))]

    def requests_p95(test_client, path: str, codes):
        times = []
        for code in codes:
            seconds, answer = clock(lambda code=code: test_client.get(path + code))
            assert answer.status_code == 200, answer.status_code
            times.append(seconds)
        return p95(times)

    def pages(codes):
        return requests_p95(client, "/desa/", codes)

    def fetches(codes):
        return requests_p95(bare_client, "/fetch/", codes)

    def selects(codes):
        times = []
        for code in codes:
            with engine.connect() as conn:
                t0 = time.perf_counter()
                conn.execute(stmt.where(area.c.code == code)).one()
                times.append(time.perf_counter() - t0)
        return p95(times)

    def empty_cache():
        with app.app_context():
            page_cache.pages.clear()

    for cache in (False, True):
        app.config["PUBLIC_PAGE_CACHE"] = cache
        if cache:  # distinct villages, visited twice (the second pass in its own order)
            drawn = [rng.sample(codes, min(requests, len(codes))) for _ in range(rounds)]
            samples = [(first, rng.sample(first, len(first))) for first in drawn]
        else:
            samples = [([rng.choice(codes) for _ in range(requests)], None) for _ in range(rounds)]
        # each round a fresh sample, the same for every side
        draws = {side: iter(samples) for side in ("ours", "bare", "sql")}

        def ours(draws=draws, cache=cache):
            first, again = next(draws["ours"])
            if cache:
                empty_cache()
            return pages(first), pages(again) if again else None

        def bare(draws=draws):
            first, again = next(draws["bare"])
            return fetches(first), fetches(again) if again else None

        def sql(draws=draws):
            return selects(next(draws["sql"])[0])

        runs = alternate(rounds, {"ours": ours, "bare": bare, "sql": sql})
        passes = {"cache_off": 0} if not cache else {"cache_on_cold": 0, "cache_on_warm": 1}
        for key, at in passes.items():
            out[key] = {
                "p95_ours_s": median(r[at] for r in runs["ours"]),
                "p95_bare_s": median(r[at] for r in runs["bare"]),
                "p95_sql_s": median(runs["sql"]),
            }
            out[key]["ratio"] = out[key]["p95_ours_s"] / out[key]["p95_bare_s"]
            out[key]["ratio_to_sql"] = out[key]["p95_ours_s"] / out[key]["p95_sql_s"]
    app.config["PUBLIC_PAGE_CACHE"] = False
    engine.dispose()
    return out


def run_scale(villages: int, args) -> dict:
    url = f"{BASE}/{args.prefix}_{villages}"
    t0 = time.perf_counter()
    counts = None if args.reuse else build(url, villages)
    built = time.perf_counter() - t0
    print(
        f"== {villages} villages: {url} ({'reused' if args.reuse else f'built in {built:.0f} s'})"
        f" {counts or ''}",
        flush=True,
    )
    cache_dir = tempfile.mkdtemp(prefix="scale-bench-")  # the topologies: 25 MB at 84,000
    try:
        return _measure_scale(villages, args, url, built, counts, cache_dir)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)


def _measure_scale(villages: int, args, url: str, built: float, counts, cache_dir: str) -> dict:
    app = make_app(url, cache_dir)
    figures = {"villages": villages, "build_s": built, "counts": counts}
    for name, step in (
        ("coverage", lambda: measure_coverage(app, url, args.rounds)),
        ("map", lambda: measure_map(app, args.rounds, not args.no_explore)),
        ("search", lambda: measure_search(app, url, args.rounds)),
        ("pages", lambda: measure_pages(app, args.rounds, args.requests)),
        ("alerts", lambda: measure_alerts(app, url, args.alert_rounds or args.rounds)),
    ):
        if name in args.skip:
            continue
        seconds, figures[name] = clock(step)
        print(f"   {name} ({seconds:.0f} s): {json.dumps(figures[name], default=str)}", flush=True)
    from relief.extensions import db

    with app.app_context():
        db.engine.dispose()
    return figures


def table(results: list[dict]) -> None:
    """The figures as a small table, one column per scale."""
    rows = [
        ("coverage regency ours/bare", lambda f: f["coverage"]["regency"]["ratio"], "{:.2f}x"),
        ("coverage province ours/bare", lambda f: f["coverage"]["province"]["ratio"], "{:.2f}x"),
        ("coverage regency ours s", lambda f: f["coverage"]["regency"]["ours_s"], "{:.3f}"),
        ("alerts first evaluation s", lambda f: f["alerts"]["first_s"], "{:.1f}"),
        ("alerts re-evaluation s", lambda f: f["alerts"]["again_s"], "{:.1f}"),
        ("alerts first ms / village", lambda f: f["alerts"]["first_ms_per_village"], "{:.2f}"),
        ("alerts again ms / village", lambda f: f["alerts"]["again_ms_per_village"], "{:.2f}"),
        ("alerts peak memory MB", lambda f: f["alerts"]["peak_mb"], "{:.0f}"),
        ("alerts largest province", lambda f: f["alerts"]["largest_province_villages"], "{}"),
        ("alerts rewritten again", lambda f: f["alerts"]["rewritten_by_re_evaluation"], "{}"),
        ("alerts opened", lambda f: f["alerts"]["opened"], "{}"),
        ("map province cold s", lambda f: f["map"]["province"]["cold_s"], "{:.2f}"),
        ("map province warm s", lambda f: f["map"]["province"]["warm_s"], "{:.3f}"),
        ("map province kB gzip", lambda f: f["map"]["province"]["warm_gzip_bytes"] / 1e3, "{:.0f}"),
        ("map province explore s", lambda f: f["map"]["province"]["explore_s"], "{:.2f}"),
        (
            "map province explore kB",
            lambda f: f["map"]["province"]["explore_gzip_bytes"] / 1e3,
            "{:.0f}",
        ),
        ("map regency cold s", lambda f: f["map"]["regency"]["cold_s"], "{:.2f}"),
        ("map regency warm s", lambda f: f["map"]["regency"]["warm_s"], "{:.3f}"),
        ("map regency kB gzip", lambda f: f["map"]["regency"]["warm_gzip_bytes"] / 1e3, "{:.0f}"),
        ("map regency explore s", lambda f: f["map"]["regency"]["explore_s"], "{:.2f}"),
        ("map regency bytes / explore", lambda f: f["map"]["regency"]["bytes_ratio"], "{:.3f}"),
        (
            "map regency bytes / explore, same fields",
            lambda f: f["map"]["regency"]["bytes_ratio_same_fields"],
            "{:.3f}",
        ),
        ("map province bytes / explore", lambda f: f["map"]["province"]["bytes_ratio"], "{:.3f}"),
        (
            "map province bytes / explore, same fields",
            lambda f: f["map"]["province"]["bytes_ratio_same_fields"],
            "{:.3f}",
        ),
        ("map import build s", lambda f: f["map"]["import_build_s"], "{:.1f}"),
        (
            "search warm ms (bare)",
            lambda f: "{:.1f} ({:.1f})".format(
                f["search"]["ours_s"] * 1e3, f["search"]["bare_s"] * 1e3
            ),
            "{}",
        ),
        ("search cold s", lambda f: f["search"]["cold_ours_s"], "{:.2f}"),
        ("page p95 ratio cache off", lambda f: f["pages"]["cache_off"]["ratio"], "{:.1f}x"),
        (
            "page p95 ratio cache on, cold · warm",
            lambda f: "{:.1f}x · {:.1f}x".format(
                f["pages"]["cache_on_cold"]["ratio"], f["pages"]["cache_on_warm"]["ratio"]
            ),
            "{}",
        ),
        ("page p95 ms cache off", lambda f: f["pages"]["cache_off"]["p95_ours_s"] * 1e3, "{:.1f}"),
        (
            "page p95 ms bare request",
            lambda f: f["pages"]["cache_off"]["p95_bare_s"] * 1e3,
            "{:.1f}",
        ),
        (
            "page p95 ratio to bare SELECT",
            lambda f: f["pages"]["cache_off"]["ratio_to_sql"],
            "{:.0f}x",
        ),
    ]
    print(f"{'figure':42}" + "".join(f"{r['villages']:>14}" for r in results))
    for label, get, fmt in rows:
        cells = []
        for r in results:
            try:
                cells.append(fmt.format(get(r)))
            except (KeyError, TypeError):
                cells.append("-")
        print(f"{label:42}" + "".join(f"{c:>14}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, nargs="+", default=[1500, 8400])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--alert-rounds", type=int, help="rounds for alert evaluation")
    parser.add_argument("--requests", type=int, default=200, help="village pages per round")
    parser.add_argument("--prefix", default="relief_bench_scale")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--no-explore", action="store_true")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["coverage", "map", "search", "pages", "alerts"]
    )
    args = parser.parse_args()
    print("sides:")
    for name, text in SIDES.items():
        print(f"  {name:14} {text}")
    results = [run_scale(n, args) for n in args.villages]
    table(results)
    print(
        json.dumps(
            {
                "bench": "scale",
                "as_of": AS_OF.isoformat(),
                "rounds": args.rounds,
                "results": results,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
