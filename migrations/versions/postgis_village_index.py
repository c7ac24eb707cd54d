"""PostGIS village lookups: the postgis extension and a partial GiST index on
ST_GeomFromWKB(area.geom, 4326) for villages, on PostgreSQL where the extension can be
created (skipped with a warning otherwise, and on SQLite: lookups keep the STRtree).

Revision ID: e1315ba5fe24
Revises: d03fc0842d9e
Create Date: 2026-12-02 06:50:00.000000

"""
from alembic import op

from relief.areas import postgis


# revision identifiers, used by Alembic.
revision = 'e1315ba5fe24'
down_revision = 'd03fc0842d9e'
branch_labels = None
depends_on = None


def upgrade():
    postgis.install(op.get_bind())


def downgrade():
    postgis.uninstall(op.get_bind())
