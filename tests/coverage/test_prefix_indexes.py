"""On PostgreSQL a province's rows are found by the prefix of their codes through an index
(text_pattern_ops), whatever the database's collation and in prepared statements' generic
plans too; SQLite has no such index (its ordinary index serves the byte range)."""

import pytest
from psycopg import sql
from sqlalchemy import String, bindparam, func, inspect, literal, select, text, union_all
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

from relief.alerts.models import Alert
from relief.areas.models import Area
from relief.core.models import code_prefix, prefix_end
from relief.coverage.models import Assessment
from relief.coverage.queries import (
    _depth,
    _shape,
    _village_statement,
    _village_table,
    area_coverage,
    village_coverage,
)
from relief.extensions import db
from relief.logistics.models import Shipment

INDEXES = {
    "area": "ix_area_code_prefix",
    "shipment": "ix_shipment_dest_prefix",
    "assessment": "ix_assessment_village_prefix",
    "alert": "ix_alert_regency_prefix",
}
PREFIX_READS = {
    "area": "SELECT code FROM area WHERE code LIKE '36.%'",
    "shipment": "SELECT id FROM shipment WHERE destination_code LIKE '36.%'",
    "assessment": "SELECT id FROM assessment WHERE village_code LIKE '36.%'",
    "alert": "SELECT id FROM alert WHERE regency_code LIKE '36.%'",
}


def test_the_prefix_indexes_exist_on_postgresql_only(app_ctx):
    names = {table: {i["name"] for i in inspect(db.engine).get_indexes(table)} for table in INDEXES}
    postgresql = db.engine.dialect.name == "postgresql"
    for table, index in INDEXES.items():
        assert (index in names[table]) is postgresql, table


@pytest.mark.parametrize("table", sorted(INDEXES))
def test_a_province_read_can_use_its_prefix_index(app_ctx, table):
    if db.engine.dialect.name != "postgresql":
        assert INDEXES[table] not in {i["name"] for i in inspect(db.engine).get_indexes(table)}
        return
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(r[0] for r in db.session.execute(text("EXPLAIN " + PREFIX_READS[table])))
    assert INDEXES[table] in plan, plan


CODES = ["36", "36.", "36.01", "36.01.02.2001", "360.01", "36/01", "35.99", "37.01", "3", ""]


@pytest.mark.parametrize("prefix", ["36.", "36.01.", "3", "36.01.02.2001."])
def test_code_prefix_keeps_exactly_the_codes_that_start_with_the_prefix(app_ctx, prefix):
    checks = [
        select(literal(code, String()), code_prefix(literal(code, String()), prefix))
        for code in CODES
    ]
    kept = {code for code, inside in db.session.execute(union_all(*checks)) if inside}
    assert kept == {code for code in CODES if code.startswith(prefix)}


def _generic_plan(statement, values: dict) -> str:
    """PostgreSQL's plan of a statement prepared once for any parameter values (what psycopg's
    prepared statements run from their sixth execution on)."""
    compiled = statement.compile(
        dialect=psycopg_dialect(paramstyle="numeric_dollar"),
        compile_kwargs={"render_postcompile": True},
    )
    params = compiled.construct_params(values)
    names = compiled.positiontup
    dialect = compiled.dialect
    types = ", ".join(
        dialect.type_compiler_instance.process(compiled.binds[name].type.dialect_impl(dialect))
        for name in names
    )
    db.session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    raw = db.session.connection().connection.dbapi_connection
    with raw.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
        cursor.execute(f"PREPARE generic_probe ({types}) AS {compiled.string}", prepare=False)
        arguments = sql.SQL(", ").join(sql.Literal(params[name]) for name in names)
        cursor.execute(sql.SQL("EXPLAIN EXECUTE generic_probe ({})").format(arguments))
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE generic_probe")
    return plan


PREFIXED = {
    "area": Area.code,
    "shipment": Shipment.destination_code,
    "assessment": Assessment.village_code,
    "alert": Alert.regency_code,
}


@pytest.mark.parametrize("table", sorted(INDEXES))
def test_a_province_read_keeps_its_index_once_the_statement_is_prepared(app_ctx, table):
    """psycopg prepares a statement at its fifth run on a connection; PostgreSQL then plans
    it for any value, and a `LIKE :prefix || '%'` served no index: each province's coverage
    and alert reads scanned the country's rows again."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements' generic plans are PostgreSQL's")
    column = PREFIXED[table]
    start = bindparam("start", type_=String())
    end = bindparam("end", type_=String())
    statement = select(func.count()).where(code_prefix(column, start, end))
    plan = _generic_plan(statement, {"start": "36.", "end": prefix_end("36.")})
    assert INDEXES[table] in plan, plan


@pytest.mark.parametrize("parent", ["36", "36.02"])
def test_coverage_picks_a_province_by_the_indexed_range(app_ctx, parent):
    for statement in (
        _village_table(_depth(parent), False, True, False, 3, False),  # village_coverage's
        _village_statement(_shape(parent, None, None, True)),  # the area roll-ups'
    ):
        compiled = str(statement.compile(dialect=psycopg_dialect()))
        if parent == "36":
            assert "shipment.destination_code ~>=~" in compiled
            assert "assessment.village_code ~>=~" in compiled
        assert " LIKE " not in compiled


def _prepared() -> int:
    """Coverage statements prepared on this connection (each reads the `amended_si` rows)."""
    statements = db.session.connection().exec_driver_sql(
        "SELECT statement FROM pg_prepared_statements"
    )
    return sum("amended_si" in statement for (statement,) in statements)


def test_a_province_view_is_planned_for_its_own_values_each_time(app_ctx, make_event):
    """A generic plan takes a province's prefix range for a few rows however many it holds
    (relief.core.database, CUSTOM_PLAN): run past psycopg's threshold of five, a regency's
    coverage statement is prepared on the server and a province's never is."""
    event = make_event()
    postgresql = db.engine.dialect.name == "postgresql"
    before = _prepared() if postgresql else 0
    province = [village_coverage(event.id, parent="36") for _ in range(7)]
    for _ in range(7):
        area_coverage(event.id, None, "regency", parent="36")
    assert all(rows == province[0] for rows in province)
    if postgresql:
        assert _prepared() == before
    regency = [village_coverage(event.id, parent="36.02") for _ in range(7)]
    assert all(rows == regency[0] for rows in regency)
    if postgresql:  # SQLite prepares nothing on a server; the option changes nothing there
        assert _prepared() > before
