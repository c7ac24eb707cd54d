"""The full state of audited rows, as audit entries record it and `audit verify` compares it.

Every audit entry that writes an audited row carries the row's new state under
``payload["rows"]`` as ``{table: {row_id: {column: value}}}`` (``None`` for a deleted row).
Values are normalised the same way whether they come from an ORM object after a flush or
from a fresh SELECT, so a row and its last recorded state compare equal unless someone
changed the row behind the app's back. Private columns (a complaint's text, a password
hash) are recorded as keyed digests: the chain cannot forget, so it must not hold them.
The registry names tables, not models, so that this module imports no domain package.
"""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Float, Integer, Numeric, inspect
from sqlalchemy.sql.schema import Column

from relief.audit.chain import private_digest
from relief.core.models import UTCDateTime

# table -> (columns left out of the comparison, columns recorded as keyed digests)
AUDITED: dict[str, tuple[frozenset, frozenset]] = {
    "shipment": (frozenset(), frozenset()),
    "shipment_item": (frozenset(), frozenset()),
    "shipment_status_change": (frozenset(), frozenset()),
    "receipt": (frozenset(), frozenset()),
    "receipt_item": (frozenset(), frozenset()),
    "village_confirmation": (frozenset(), frozenset()),
    "village_confirmation_item": (frozenset(), frozenset()),
    "village_pin": (frozenset(), frozenset({"pin_hash"})),
    "assessment": (frozenset(), frozenset()),
    "resident_report": (frozenset(), frozenset({"text", "contact"})),
    "resident_report_change": (frozenset(), frozenset()),
    # evaluated_at (and with it the lock version) moves on every evaluation that finds
    # nothing new: bookkeeping, not evidence; every other column is compared.
    "alert": (frozenset({"evaluated_at", "version"}), frozenset()),
    "alert_action": (frozenset(), frozenset()),
    "norm": (frozenset(), frozenset()),
    "user_account": (frozenset(), frozenset({"password_hash"})),
    "plausibility_override": (frozenset(), frozenset()),
    "stock_entry": (frozenset(), frozenset()),
    "stock_tracking": (frozenset(), frozenset()),
    "stock_override": (frozenset(), frozenset()),
    "amendment": (frozenset(), frozenset()),
    "amendment_value": (frozenset(), frozenset()),
}
ROWS = "rows"  # the payload key


def normalise(column: Column, value, key: bytes | None = None):
    """One column value as JSON-safe text or number, identical from the ORM and from SQL."""
    table = column.table.name
    if table in AUDITED and column.name in AUDITED[table][1]:
        return None if value is None else private_digest(value, key)
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime) or isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    if isinstance(kind, Float):
        return round(float(value), 9)
    if isinstance(kind, Numeric) and kind.scale is not None:
        return round(float(value), kind.scale)
    if isinstance(value, float | Decimal):
        return round(float(value), 9)
    if isinstance(kind, JSON):
        return json.loads(json.dumps(value, sort_keys=True, default=str))
    return str(value)


def row_state(obj, key: bytes | None = None) -> dict:
    """Every column of one ORM object, normalised (read after its flush)."""
    mapper = inspect(type(obj))
    excluded = AUDITED[mapper.local_table.name][0]
    state = {}
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if column.name not in excluded:
            state[column.name] = normalise(column, getattr(obj, attr.key), key)
    return state


def table_rows_state(table, rows) -> dict:
    """The `rows` member of an audit payload for rows of every column of `table` (mappings of
    column name to value) that a plain SQL statement returned (an INSERT ... RETURNING): as
    ``state_of`` gives for their objects."""
    if table.name not in AUDITED:
        raise ValueError(f"{table.name} is not an audited table")
    excluded = AUDITED[table.name][0]
    columns = [column for column in table.c if column.name not in excluded]
    return {
        table.name: {
            str(row["id"]): {c.name: normalise(c, row[c.name]) for c in columns} for row in rows
        }
    }


def state_of(*objects, deleted: tuple = ()) -> dict:
    """The `rows` member of an audit payload: the new state of each object (None: deleted)."""
    rows: dict[str, dict[str, dict | None]] = {}
    for obj in objects:
        if obj is None:
            continue
        table = inspect(type(obj)).local_table.name
        if table not in AUDITED:
            raise ValueError(f"{table} is not an audited table")
        rows.setdefault(table, {})[str(obj.id)] = row_state(obj)
    for obj in deleted:
        table = inspect(type(obj)).local_table.name
        rows.setdefault(table, {})[str(obj.id)] = None
    return rows


def with_rows(payload: dict, *objects) -> dict:
    """The payload with the rows' states added (the usual way to record a write)."""
    return {**payload, ROWS: state_of(*objects)}
