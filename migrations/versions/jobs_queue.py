"""job runs; notification claims (lease), topics (alert, report, test) and report keys

Revision ID: a40f03cc65a1
Revises: 548fd153d19a
Create Date: 2026-12-01 22:07:22.447033

"""
from alembic import op
import sqlalchemy as sa

import relief.core.models


# revision identifiers, used by Alembic.
revision = 'a40f03cc65a1'
down_revision = '548fd153d19a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('started_at', relief.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', relief.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('task_id')
    )
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.create_index('ix_job_run_state_started', ['state', 'started_at'], unique=False)

    with op.batch_alter_table('notification_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topic', sa.String(length=16), nullable=False,
                                      server_default='alert'))
        batch_op.add_column(sa.Column('lease_until', relief.core.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=64), nullable=True))
        batch_op.alter_column('alert_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_unique_constraint('uq_notification_attempt_dedupe_key', ['dedupe_key'])



def downgrade():
    with op.batch_alter_table('notification_attempt', schema=None) as batch_op:
        batch_op.drop_constraint('uq_notification_attempt_dedupe_key', type_='unique')
        batch_op.alter_column('alert_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('dedupe_key')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('topic')

    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.drop_index('ix_job_run_state_started')

    op.drop_table('job_run')
