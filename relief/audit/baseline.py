"""The one-time baseline: record the state of audited rows written before row states existed.

A database upgraded from a version whose entries did not carry row states would report every
row as inserted behind the app's back. The baseline records those rows once, in one entry
that says what it is; it refuses once any entry records row states, so it cannot be used to
bless a later direct write.
"""

from sqlalchemy import select

from relief.audit.chain import audit_key
from relief.audit.models import AuditEntry
from relief.audit.services import record
from relief.audit.state import AUDITED, ROWS
from relief.audit.verify import table_states
from relief.core.errors import ConflictError
from relief.extensions import db


def chain_records_rows() -> bool:
    """Whether any entry already carries row states."""
    stmt = select(AuditEntry.seq).where(AuditEntry.payload.like(f'%"{ROWS}"%')).limit(1)
    return db.session.scalar(stmt) is not None


def record_baseline(force: bool = False) -> int:
    """Record every audited row in one `audit.baseline` entry; returns the number of rows."""
    if chain_records_rows() and not force:
        raise ConflictError(
            "The chain already records row states: a baseline would hide "
            "direct writes. Run `flask audit verify` instead."
        )
    key = audit_key()
    rows = {}
    for table_name in AUDITED:
        if table_name in db.metadata.tables:
            states = dict(table_states(table_name, key))
            if states:
                rows[table_name] = states
    count = sum(len(v) for v in rows.values())
    if count:
        record(
            "audit.baseline",
            "audit",
            "baseline",
            {"note": "rows written before row states", ROWS: rows},
        )
    return count
