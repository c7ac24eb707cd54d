"""Corrections as amendments: amendment (target, reason, who, from when) and
amendment_value (old and new value of each changed field; coverage reads the numbers).

Revision ID: d03fc0842d9e
Revises: 742178078051
Create Date: 2026-12-02 02:56:31.716614

"""
from alembic import op
import sqlalchemy as sa

import relief.core.models


# revision identifiers, used by Alembic.
revision = 'd03fc0842d9e'
down_revision = "742178078051"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=16), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('village_code', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', relief.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', relief.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity', 'entity_id', 'revision', name='uq_amendment_entity_revision')
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_village_code'), ['village_code'], unique=False)

    op.create_table('amendment_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('number', sa.Numeric(precision=14, scale=3, asdecimal=False), nullable=True),
    sa.Column('at', relief.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('amendment_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_value_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index('ix_amendment_value_lookup', ['target', 'row_id', 'at'], unique=False)



def downgrade():
    with op.batch_alter_table('amendment_value', schema=None) as batch_op:
        batch_op.drop_index('ix_amendment_value_lookup')
        batch_op.drop_index(batch_op.f('ix_amendment_value_amendment_id'))

    op.drop_table('amendment_value')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_village_code'))
        batch_op.drop_index(batch_op.f('ix_amendment_event_id'))

    op.drop_table('amendment')
