"""event regencies and closing

Adds `event.regency_codes` (the regencies struck; a JSON list, empty for existing events)
and `event.ended_at` (an admin closed the event: it takes no new shipments).

Revision ID: 65aa34ed7592
Revises: fccf6196afc8
Create Date: 2026-12-01 22:20:00

"""
from alembic import op
import sqlalchemy as sa

import relief.core.models


# revision identifiers, used by Alembic.
revision = '65aa34ed7592'
down_revision = 'fccf6196afc8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('regency_codes', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('ended_at', relief.core.models.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('ended_at')
        batch_op.drop_column('regency_codes')
