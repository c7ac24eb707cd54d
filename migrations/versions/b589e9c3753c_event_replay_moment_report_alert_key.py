"""event replay moment; resident report alert key

Adds `event.scenario_at` (the moment a replayed scenario is judged at; NULL for live events)
and makes `resident_report.alert_id` a foreign key to `alert.id`. Links to alerts that do
not exist are cleared first, or the constraint could not be created.

Revision ID: b589e9c3753c
Revises: bc9c421fcdc8
Create Date: 2026-11-28 11:45:33.283965

"""
from alembic import op
import sqlalchemy as sa

import relief.core.models


# revision identifiers, used by Alembic.
revision = 'b589e9c3753c'
down_revision = 'bc9c421fcdc8'
branch_labels = None
depends_on = None

FK_NAME = "fk_resident_report_alert_id_alert"


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scenario_at', relief.core.models.UTCDateTime(timezone=True), nullable=True))

    op.execute("UPDATE resident_report SET alert_id = NULL WHERE alert_id IS NOT NULL "
               "AND alert_id NOT IN (SELECT id FROM alert)")
    with op.batch_alter_table('resident_report', schema=None) as batch_op:
        batch_op.create_foreign_key(FK_NAME, 'alert', ['alert_id'], ['id'])


def downgrade():
    with op.batch_alter_table('resident_report', schema=None) as batch_op:
        batch_op.drop_constraint(FK_NAME, type_='foreignkey')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('scenario_at')
