"""shipment (destination_code, event_id, created_at) and (destination_code, event_id,
status): one village's shipments in one event, newest first or of one status, for its
public page.

SQLite plans without statistics. With only (destination_code, delivered_at) beside the
event's own indexes, it read a village's shipments in the event through
ix_shipment_event_created or ix_shipment_event_status, that is every shipment of the event,
in three subqueries of the page's head and two of its rows: with 15,000 shipments in the
live event, all to one other village, each page of Lebak's villages took 11.4 ms instead of
1.9 ms (the load bench posts its shipments to one village and saw every page slow down,
repeat after repeat). PostgreSQL went by ix_shipment_dest_delivered and filtered the event;
these serve it too.

On PostgreSQL each index is built CONCURRENTLY, outside the migration's transaction (the
migrations before it are committed first): a plain CREATE INDEX holds a lock that stops
every shipment being logged while it builds, and this migration reaches a live database
mid-event. A build cut short leaves an invalid index under the name; it is dropped first,
so that running the upgrade again finishes it. The downgrade drops them CONCURRENTLY too.
"""

from alembic import op

revision = "9d4c2a7e5b13"
down_revision = "5b7e2c1f9a44"
branch_labels = None
depends_on = None


INDEXES = (
    ("ix_shipment_dest_event_created", ["destination_code", "event_id", "created_at"]),
    ("ix_shipment_dest_event_status", ["destination_code", "event_id", "status"]),
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        for name, columns in INDEXES:
            op.create_index(name, "shipment", columns)
        return
    with op.get_context().autocommit_block():
        for name, columns in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            op.create_index(name, "shipment", columns, postgresql_concurrently=True)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        for name, _columns in INDEXES:
            op.drop_index(name, table_name="shipment")
        return
    # A plain DROP INDEX waits for every open transaction on shipment, and every shipment
    # write waits behind it meanwhile.
    with op.get_context().autocommit_block():
        for name, _columns in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
