"""organisations; depot and user links; user scope as area codes

Adds the `organisation` table (public-service units: BPBD, Dinas Sosial, Kemensos, PMI,
NGOs), `depot.organisation_id` and `user_account.organisation_id`, and
`user_account.area_codes` (the write scope: province, regency or district codes). A user's
former single `regency_code` is copied into `area_codes`; the column stays readable.

Revision ID: fccf6196afc8
Revises: b589e9c3753c
Create Date: 2026-12-01 21:59:36.765115

"""
from alembic import op
import sqlalchemy as sa

import relief.core.models


# revision identifiers, used by Alembic.
revision = 'fccf6196afc8'
down_revision = 'b589e9c3753c'
branch_labels = None
depends_on = None

DEPOT_FK = "fk_depot_organisation_id_organisation"
USER_FK = "fk_user_account_organisation_id_organisation"


def upgrade():
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('regency_codes', sa.JSON(), nullable=False),
    sa.Column('complaint_email', sa.String(length=200), nullable=True),
    sa.Column('complaint_phone', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', relief.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('depot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_depot_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(DEPOT_FK, 'organisation', ['organisation_id'], ['id'])

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('area_codes', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_user_account_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(USER_FK, 'organisation', ['organisation_id'], ['id'])

    users = sa.table('user_account', sa.column('id', sa.Integer()),
                     sa.column('regency_code', sa.String()), sa.column('area_codes', sa.JSON()))
    bind = op.get_bind()
    scoped = bind.execute(sa.select(users.c.id, users.c.regency_code)
                          .where(users.c.regency_code.is_not(None))).all()
    for user_id, regency in scoped:
        bind.execute(users.update().where(users.c.id == user_id).values(area_codes=[regency]))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(USER_FK, type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_account_organisation_id'))
        batch_op.drop_column('area_codes')
        batch_op.drop_column('organisation_id')

    with op.batch_alter_table('depot', schema=None) as batch_op:
        batch_op.drop_constraint(DEPOT_FK, type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_depot_organisation_id'))
        batch_op.drop_column('organisation_id')

    op.drop_table('organisation')
