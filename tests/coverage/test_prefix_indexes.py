"""On PostgreSQL a province's rows are found by the prefix of their codes through an index
(text_pattern_ops), whatever the database's collation; SQLite has no such index."""

import pytest
from sqlalchemy import inspect, text

from relief.extensions import db

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
