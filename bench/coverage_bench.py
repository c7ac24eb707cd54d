"""Coverage at national scale on PostgreSQL against a bare SUM ... GROUP BY on the same rows.

Builds its own database (default `relief_bench`) with synthetic areas (84,000 villages),
assessments and 1,000,000 shipment items loaded by COPY, then times
`relief.coverage.queries.village_coverage` for one regency and for all villages, and the
bare aggregate of delivered quantities over the same shipments. Target: ratio <= 2.

    BENCH_PG=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/coverage_bench.py
    BENCH_SCALE=0.25 ...   # a documented smaller run (villages and items scale together)
    BENCH_REUSE=1 ...      # time again on the database a previous run built

"SQL" times the coverage statement alone on the same psycopg connection as the bare query;
"function" adds SQLAlchemy and building the row dicts (what a view pays).
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BASE = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
NAME = os.environ.get("BENCH_DB", "relief_bench")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
PROVINCES, REGENCIES, DISTRICTS = 40, 15, 14
VILLAGES_PER_DISTRICT = max(1, round(10 * SCALE))
ITEMS = int(1_000_000 * SCALE)
ITEMS_PER_SHIPMENT = 2
START = datetime(2020, 1, 1, tzinfo=UTC)


def recreate_database() -> None:
    """Drop and create the benchmark database."""
    with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        conn.execute(f'CREATE DATABASE "{NAME}"')


def area_rows():
    """Provinces, regencies, districts and villages with hierarchical codes."""
    for p in range(11, 11 + PROVINCES):
        prov = f"{p}"
        yield (prov, f"Provinsi {p}", "province", None, None, None, None, None, None)
        for r in range(1, REGENCIES + 1):
            reg = f"{prov}.{r:02d}"
            yield (reg, f"Kab {reg}", "regency", prov, reg, None, None, None, None)
            for d in range(1, DISTRICTS + 1):
                dist = f"{reg}.{d:02d}"
                yield (dist, f"Kec {dist}", "district", reg, reg, dist, None, None, None)
                for v in range(1, VILLAGES_PER_DISTRICT + 1):
                    code = f"{dist}.{2000 + v}"
                    yield (
                        code,
                        f"Desa {code}",
                        "village",
                        dist,
                        reg,
                        dist,
                        3000,
                        -6.5 + v / 1000,
                        106 + d / 100,
                    )


def load(conn, rng: random.Random) -> list[str]:
    """COPY the synthetic rows; returns the village codes."""
    villages = []
    with conn.cursor() as cur:
        with cur.copy(
            "COPY area (code, name, level, parent_code, regency_code, district_code,"
            " population, lat, lon) FROM STDIN"
        ) as copy:
            for row in area_rows():
                copy.write_row(row)
                if row[2] == "village":
                    villages.append(row[0])
        cur.execute(
            "INSERT INTO event (id, code, name, kind, started_on, emergency_until,"
            " norm_profile, description, is_demo, regency_codes, created_at)"
            " SELECT 1, 'B', 'Bench', 'flood', %s, %s, 'kemensos', '', false,"
            " json_agg(code ORDER BY code), now() FROM area WHERE level = 'regency'",
            (date(2020, 1, 1), date(2020, 1, 28)),
        )
        cur.execute(
            "INSERT INTO depot (id, name, kind, regency_code, operator) VALUES"
            " (1, 'Gudang', 'gudang', '11.01', 'BPBD')"
        )
        with cur.copy(
            "COPY assessment (event_id, village_code, assessed_at, affected_persons,"
            " displaced_persons, households, displaced_households, houses_heavy,"
            " houses_moderate, houses_light, deaths, missing, severity, source,"
            " created_at, is_demo) FROM STDIN"
        ) as copy:
            for code in villages:
                for k in range(1 if rng.random() < 0.75 else 2):
                    d = rng.randint(0, 800)
                    at = START + timedelta(days=1 + 3 * k, hours=rng.randint(0, 23))
                    copy.write_row(
                        (
                            1,
                            code,
                            at,
                            d * 2,
                            d,
                            d // 2,
                            d // 4,
                            0,
                            0,
                            0,
                            0,
                            0,
                            rng.randint(1, 5),
                            "bench",
                            at,
                            False,
                        )
                    )
        shipments = ITEMS // ITEMS_PER_SHIPMENT
        commodities = ("rice", "medicine", "clothing", "water")
        with cur.copy(
            "COPY shipment (id, event_id, origin_depot_id, destination_code, notes,"
            " status, version, created_at, delivered_at, is_demo) FROM STDIN"
        ) as copy:
            for sid in range(1, shipments + 1):
                delivered = rng.random() < 0.9
                at = START + timedelta(hours=rng.randint(12, 24 * 20))
                copy.write_row(
                    (
                        sid,
                        1,
                        1,
                        rng.choice(villages),
                        "",
                        "delivered" if delivered else "dispatched",
                        1,
                        at,
                        at if delivered else None,
                        False,
                    )
                )
        with cur.copy(
            "COPY shipment_item (id, shipment_id, commodity_code, quantity, unit,"
            " quantity_base) FROM STDIN"
        ) as copy:
            for iid in range(1, ITEMS + 1):
                qty = rng.randint(1, 500)
                copy.write_row(
                    (
                        iid,
                        (iid - 1) // ITEMS_PER_SHIPMENT + 1,
                        rng.choice(commodities),
                        qty,
                        "kg",
                        qty,
                    )
                )
        with cur.copy(
            "COPY receipt (id, shipment_id, received_by, receiver_role, received_at,"
            " channel, created_at) FROM STDIN"
        ) as copy:
            for sid in range(1, shipments + 1, 2):  # every other shipment has a BAST
                copy.write_row((sid, sid, "Kades", "kades", START, "staff", START))
        with cur.copy(
            "COPY receipt_item (receipt_id, shipment_item_id, commodity_code,"
            " accepted_base, rejected_base, reason) FROM STDIN"
        ) as copy:
            for iid in range(1, ITEMS + 1):
                sid = (iid - 1) // ITEMS_PER_SHIPMENT + 1
                if sid % 2 == 1:
                    copy.write_row((sid, iid, "rice", 1, 0, ""))
    conn.commit()
    conn.execute("ANALYZE")
    return villages


BARE = """
SELECT s.destination_code, si.commodity_code,
       SUM(COALESCE(ri.accepted_base, si.quantity_base))
FROM shipment s JOIN shipment_item si ON si.shipment_id = s.id
LEFT JOIN receipt_item ri ON ri.shipment_item_id = si.id
{join}
WHERE s.event_id = 1 AND s.status = 'delivered' AND s.delivered_at <= %(as_of)s {where}
GROUP BY s.destination_code, si.commodity_code
"""


def timed(fn, repeat: int = 3) -> float:
    """Median wall time of `repeat` runs after one warm-up."""
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    """Build, load, time and print the ratios."""
    from relief import create_app
    from relief.catalog.services import install_defaults
    from relief.coverage.queries import _village_select, village_coverage
    from relief.events.models import Event
    from relief.extensions import db
    from relief.unit_of_work import commit_write

    t0 = time.perf_counter()
    url = f"{BASE}/{NAME}"
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if not reuse:
        recreate_database()
    app = create_app(
        {
            "CONFIG_KIND": "testing",
            "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://"),
        }
    )
    if not reuse:
        with app.app_context():
            db.create_all()
            install_defaults()
            commit_write(evaluate_alerts=False)
        with psycopg.connect(url) as conn:
            load(conn, random.Random(7))
    with psycopg.connect(url) as conn:
        villages = conn.execute("SELECT count(*) FROM area WHERE level = 'village'").fetchone()[0]
        items = conn.execute("SELECT count(*) FROM shipment_item").fetchone()[0]
    print(
        f"scale {SCALE}: {villages} villages, {items} shipment items; "
        f"{'reused' if reuse else 'generated'} in {time.perf_counter() - t0:.0f} s"
    )
    as_of = START + timedelta(days=15)
    regency = "11.01"
    with app.app_context(), psycopg.connect(url) as conn:

        def bare(where: str = "", join: str = ""):
            return conn.execute(BARE.format(where=where, join=join), {"as_of": as_of}).fetchall()

        def sql_only(parent):
            stmt = _village_select(db.session.get(Event, 1), as_of, parent, None, None, True)
            text = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
            return lambda: conn.execute(text).fetchall()

        results = {
            "one regency": (
                timed(lambda: village_coverage(1, as_of, parent=regency)),
                timed(sql_only(regency)),
                timed(
                    lambda: bare(
                        "AND a.regency_code = '11.01'", "JOIN area a ON a.code = s.destination_code"
                    )
                ),
            ),
            "all villages": (
                timed(lambda: village_coverage(1, as_of), repeat=2),
                timed(sql_only(None), repeat=2),
                timed(lambda: bare(), repeat=2),
            ),
        }
    for name, (ours, sql, base) in results.items():
        print(
            f"{name:13s} function {ours * 1000:7.0f} ms  SQL {sql * 1000:7.0f} ms  "
            f"bare SUM GROUP BY {base * 1000:7.0f} ms  ratio SQL {sql / base:5.2f}  "
            f"function {ours / base:5.2f}"
        )
    print(
        json.dumps(
            {
                "bench": "coverage",
                "scale": SCALE,
                "villages": villages,
                "items": items,
                "results": {
                    k: {
                        "function_s": o,
                        "sql_s": q,
                        "bare_s": b,
                        "ratio_function": o / b,
                        "ratio_sql": q / b,
                    }
                    for k, (o, q, b) in results.items()
                },
            }
        )
    )


if __name__ == "__main__":
    main()
