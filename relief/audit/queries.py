"""Reads over the audit chain."""

from collections.abc import Iterator
from types import SimpleNamespace

from sqlalchemy import select

from relief.audit.chain import ChainProblem, verify
from relief.audit.models import AuditEntry, AuditHead
from relief.extensions import db


def _entries(batch: int = 5000) -> Iterator[SimpleNamespace]:
    stmt = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for e in db.session.scalars(stmt):
        yield SimpleNamespace(
            seq=e.seq,
            at_iso=e.at.isoformat(timespec="microseconds"),
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            payload=e.payload,
            prev_hash=e.prev_hash,
            hash=e.hash,
        )


def verify_chain() -> tuple[int, ChainProblem | None]:
    """Count the entries and report the first problem in the chain, if any."""
    head = db.session.get(AuditHead, 1)
    count = 0

    def counted():
        nonlocal count
        for e in _entries():
            count += 1
            yield e

    problem = verify(counted(), (head.seq, head.hash) if head else None)
    return count, problem


def history_of(entity: str, entity_id) -> list[AuditEntry]:
    """The audit entries of one record, oldest first."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.seq)
    )
    return list(db.session.scalars(stmt))
