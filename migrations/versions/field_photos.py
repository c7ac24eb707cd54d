"""Photos stored by content hash: BAST photos, GPS accuracy of receipts, a resident report photo.

Revision ID: 9229e25160cf
Revises: a40f03cc65a1
Create Date: 2026-12-01 22:02:21.066778

"""
from alembic import op
import sqlalchemy as sa

import relief.core.models


# revision identifiers, used by Alembic.
revision = '9229e25160cf'
down_revision = 'a40f03cc65a1'  # after the jobs migration (chained at merge)
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', relief.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    op.create_table('receipt_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'], ),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt_id', 'photo_id')
    )
    with op.batch_alter_table('receipt_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_photo_receipt_id'), ['receipt_id'], unique=False)

    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gps_accuracy_m', sa.Float(), nullable=True))

    with op.batch_alter_table('resident_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_resident_report_photo_id_photo', 'photo', ['photo_id'], ['id'])




def downgrade():

    with op.batch_alter_table('resident_report', schema=None) as batch_op:
        batch_op.drop_constraint('fk_resident_report_photo_id_photo', type_='foreignkey')
        batch_op.drop_column('photo_id')

    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.drop_column('gps_accuracy_m')

    with op.batch_alter_table('receipt_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_photo_receipt_id'))

    op.drop_table('receipt_photo')
    op.drop_table('photo')

