"""Append to the audit chain inside the caller's transaction."""

from datetime import datetime

from flask_login import current_user
from sqlalchemy import select, text

from relief.audit.chain import GENESIS, canonical, entry_hash
from relief.audit.models import AuditEntry, AuditHead
from relief.core.models import utcnow
from relief.extensions import db


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="microseconds")


def _actor() -> tuple[int | None, str]:
    try:
        if current_user and current_user.is_authenticated:
            return current_user.id, current_user.username
    except RuntimeError:  # outside a request (CLI, scripts)
        pass
    return None, "system"


def record(
    action: str, entity: str, entity_id, payload: dict, actor: str | None = None
) -> AuditEntry:
    """Add one entry after the current head; concurrent writers are serialised by a lock."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(720201)"))
    # On SQLite, write transactions begin IMMEDIATE, which already serialises writers.
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    actor_id, actor_name = _actor()
    at = utcnow()
    body = canonical(payload)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor_id=actor_id,
        actor=actor or actor_name,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        payload=body,
        prev_hash=prev,
    )
    entry.hash = entry_hash(seq, _iso(at), entry.actor, action, entity, str(entity_id), body, prev)
    session.add(entry)
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=entry.hash))
    else:
        head.seq, head.hash = seq, entry.hash
    session.flush()
    return entry
