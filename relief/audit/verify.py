"""Compare every audited row with the state its last audit entry recorded.

A row changed by a direct UPDATE differs from its recorded state (named by field), a row
added by a direct INSERT has no recorded state, and a row removed by a direct DELETE has a
recorded state but no row. The chain's own integrity is checked in `queries.verify_chain`;
this module trusts only entries that passed it.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select

from relief.audit.chain import audit_key
from relief.audit.models import AuditEntry
from relief.audit.state import AUDITED, ROWS, normalise
from relief.extensions import db


@dataclass(frozen=True)
class RowFinding:
    """One audited row that does not match the audit trail."""

    table: str
    row_id: str
    kind: str  # changed | inserted | deleted
    field: str | None = None
    recorded: object = None
    found: object = None
    seq: int | None = None  # the entry that last recorded the row

    def describe(self) -> str:
        """One line for the command's output."""
        if self.kind == "changed":
            return (
                f"{self.table} row {self.row_id}: field {self.field} is {self.found!r}, "
                f"audit entry {self.seq} recorded {self.recorded!r}"
            )
        if self.kind == "inserted":
            return f"{self.table} row {self.row_id}: present but never recorded (direct INSERT)"
        return (
            f"{self.table} row {self.row_id}: recorded by audit entry {self.seq} "
            f"but missing (direct DELETE)"
        )


def recorded_states(payloads: Iterable[tuple[int, str]]) -> dict:
    """(table, row id) -> (seq, state or None), the last state each entry recorded."""
    last: dict[tuple[str, str], tuple[int, dict | None]] = {}
    for seq, payload in payloads:
        if f'"{ROWS}"' not in payload:
            continue
        rows = json.loads(payload).get(ROWS) or {}
        for table, by_id in rows.items():
            for row_id, state in by_id.items():
                last[(table, row_id)] = (seq, state)
    return last


def compare_row(table: str, row_id: str, found: dict, recorded: tuple | None) -> list[RowFinding]:
    """The findings for one row present in the database (pure)."""
    if recorded is None or recorded[1] is None:
        return [RowFinding(table, row_id, "inserted")]
    seq, state = recorded
    return [
        RowFinding(table, row_id, "changed", name, state[name], value, seq)
        for name, value in found.items()
        if name in state and state[name] != value
    ]


def _payloads() -> Iterator[tuple[int, str]]:
    stmt = (
        select(AuditEntry.seq, AuditEntry.payload)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=5000)
    )
    yield from db.session.execute(stmt)


def table_states(table_name: str, key: bytes) -> Iterator[tuple[str, dict]]:
    table = db.metadata.tables[table_name]
    excluded = AUDITED[table_name][0]
    columns = [c for c in table.columns if c.name not in excluded]
    stmt = select(*columns).order_by(table.c.id).execution_options(yield_per=5000)
    for row in db.session.execute(stmt):
        yield str(row.id), {c.name: normalise(c, getattr(row, c.name), key) for c in columns}


def verify_rows() -> list[RowFinding]:
    """Every audited row checked against its last recorded state, in table and id order."""
    key = audit_key()
    last = recorded_states(_payloads())
    findings: list[RowFinding] = []
    for table_name in AUDITED:
        if table_name not in db.metadata.tables:
            continue
        for row_id, found in table_states(table_name, key):
            findings += compare_row(table_name, row_id, found, last.pop((table_name, row_id), None))
    for (table_name, row_id), (seq, state) in sorted(last.items()):
        if state is not None and table_name in AUDITED:
            findings.append(RowFinding(table_name, row_id, "deleted", seq=seq))
    return findings
