"""PostgreSQL: text_pattern_ops indexes for the code-prefix reads (a province's rows by
`LIKE '36.%'`): area.code, shipment.destination_code, assessment.village_code,
alert.regency_code (nothing on SQLite); and on both, alert (village_code, state) for a
village page's count of its active alerts.

Revision ID: 5b7e2c1f9a44
Revises: e1315ba5fe24
Create Date: 2026-12-02 06:45:00

"""

from alembic import op

revision = "5b7e2c1f9a44"
down_revision = "e1315ba5fe24"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_area_code_prefix", "area", "code"),
    ("ix_shipment_dest_prefix", "shipment", "destination_code"),
    ("ix_assessment_village_prefix", "assessment", "village_code"),
    ("ix_alert_regency_prefix", "alert", "regency_code"),
)


def upgrade():
    op.create_index("ix_alert_village_state", "alert", ["village_code", "state"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], postgresql_ops={column: "text_pattern_ops"})


def downgrade():
    op.drop_index("ix_alert_village_state", table_name="alert")
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
