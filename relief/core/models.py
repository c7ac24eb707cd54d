"""Column helpers shared by the domains' models, and objects for rows read without the ORM."""

from datetime import UTC

from sqlalchemy import DateTime, Index, Numeric, TypeDecorator, insert
from sqlalchemy.orm import Session, make_transient_to_detached

from relief.core.clock import utcnow  # noqa: F401 - the one definition, re-exported


class UTCDateTime(TypeDecorator):
    """Stores UTC; always hands back aware datetimes (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# Quantities: exact in the database, floats in Python (rounded to 3 decimals on input).
Quantity = Numeric(14, 3, asdecimal=False)


def prefix_index(name: str, column: str) -> Index:
    """A PostgreSQL index that serves `column LIKE '36.%'`: views and the alert rules pick a
    province's rows by the prefix of their Kemendagri code. A plain b-tree serves LIKE only
    under the "C" collation (not C.UTF-8 nor en_US.UTF-8), so without it each province read
    scanned the whole country's table, and a national evaluation (one province at a time) grew
    with provinces x country. SQLite (case-insensitive LIKE, no pattern index) skips it."""
    return Index(name, column, postgresql_ops={column: "text_pattern_ops"}).ddl_if(
        dialect="postgresql"
    )


def insert_returning(model, sort_by_parameter_order: bool = False):
    """INSERT ... RETURNING every column of `model`'s table, a plain SQL statement: its rows
    become objects with `loaded_objects`."""
    table = model.__table__
    return insert(table).returning(*table.c, sort_by_parameter_order=sort_by_parameter_order)


def loaded_objects(session: Session, model, rows) -> list:
    """Objects of `model` for rows of every column that a plain SQL statement returned (a
    SELECT, or an INSERT ... RETURNING), in the session as if the ORM had loaded them: one
    the session holds already is taken as it is, the others become persistent with the
    row's values as their committed state, so that services can go on changing them. The
    ORM's own loading and INSERT ... RETURNING cost as much again as the statement."""
    primary_key = [column.key for column in model.__mapper__.primary_key]
    objects = []
    for row in rows:
        values = row._mapping
        key = session.identity_key(model, tuple(values[name] for name in primary_key))
        obj = session.identity_map.get(key)
        if obj is None:
            obj = model(**values)
            make_transient_to_detached(obj)  # as loaded: the row is its committed state
            session.add(obj)
        objects.append(obj)
    return objects
