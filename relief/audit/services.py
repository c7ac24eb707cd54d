"""Append to the audit chain inside the caller's transaction.

`record()` only queues an entry (its payload serialised at once); the write boundary
(relief.unit_of_work) chains the queued entries with `append_pending()` just before it
commits. Appending needs the chain's head, and concurrent writers must take turns there;
doing it last holds that turn for a few statements and the commit instead of for the rest of
the request, while every guarantee stays: the entries commit or roll back with the writes
they describe, in one total order, each linked to its predecessor. Code that runs part of a
write in a savepoint takes a `mark()` first and `drop_since()` it when the savepoint rolls
back, so that entries describing undone writes go with them.
"""

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import bindparam, event, insert, select, text, update
from sqlalchemy.orm import Session

from relief.audit.chain import GENESIS, canonical, entry_hash
from relief.audit.models import AuditEntry, AuditHead
from relief.core.models import utcnow
from relief.extensions import db

PENDING = "audit_pending"  # Session.info key: entries waiting for the commit


@dataclass(frozen=True)
class PendingEntry:
    """An entry as recorded, before it has a place in the chain."""

    actor_id: int | None
    actor: str
    action: str
    entity: str
    entity_id: str
    payload: str  # canonical JSON


def _actor() -> tuple[int | None, str]:
    try:
        if current_user and current_user.is_authenticated:
            return current_user.id, current_user.username
    except RuntimeError:  # outside a request (CLI, scripts)
        pass
    return None, "system"


def record(action: str, entity: str, entity_id, payload: dict, actor: str | None = None) -> None:
    """Queue one entry; it joins the chain when the current transaction commits."""
    actor_id, actor_name = _actor()
    entry = PendingEntry(
        actor_id, actor or actor_name, action, entity, str(entity_id), canonical(payload)
    )
    db.session().info.setdefault(PENDING, []).append(entry)


def pending_entries() -> list[PendingEntry]:
    """Entries recorded in the current transaction and not yet chained."""
    return list(db.session().info.get(PENDING, ()))


def mark() -> int:
    """How many entries are queued now (taken before a savepoint)."""
    return len(db.session().info.get(PENDING, ()))


def drop_since(position: int) -> None:
    """Forget the entries queued after ``mark()`` returned ``position`` (savepoint undone)."""
    queued = db.session().info.get(PENDING)
    if queued:
        del queued[position:]


def discard_pending() -> None:
    """Forget every queued entry (the transaction rolled back)."""
    db.session().info.pop(PENDING, None)


def append_pending(session: Session) -> None:
    """Chain the queued entries after the head (the write boundary calls this)."""
    entries = session.info.pop(PENDING, None)
    if entries:
        append(session, entries)


ENTRIES, HEAD = AuditEntry.__table__, AuditHead.__table__
# Built once: every write runs them.
_READ_HEAD = select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1).with_for_update()
_INSERT_ENTRIES = insert(ENTRIES)
_MOVE_HEAD = (
    update(HEAD).where(HEAD.c.id == 1).values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)
# PostgreSQL runs data-modifying statements in WITH: one entry and the head's move at once.
_INSERT_ENTRY_MOVING_HEAD = (
    insert(ENTRIES)
    .values({column.name: bindparam(column.name) for column in ENTRIES.c})
    .add_cte(_MOVE_HEAD.cte("moved_head"))
)


def _head(session: Session):
    return session.execute(_READ_HEAD).first()


def append(session: Session, entries: list[PendingEntry]) -> None:
    """Chain entries after the current head; concurrent writers take turns on the head.

    PostgreSQL: the head row's FOR UPDATE lock orders writers (READ COMMITTED re-reads the
    row once the previous holder commits); before the first entry there is no row to lock,
    so an advisory lock orders the writers that create it. SQLite: a writing transaction begins
    IMMEDIATE (relief.core.database) and so holds the database's single write lock, which
    already lets one writer in at a time. Plain SQL statements (no unit of
    work): one read of the head, one insert of the entries, one update of the head (on
    PostgreSQL one statement for both when there is one entry, as most writes have).
    """
    session.flush()  # the writes these entries describe go first
    head = _head(session)
    if head is None and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(720201)"))
        head = _head(session)
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    at = utcnow()
    at_iso = at.isoformat(timespec="microseconds")
    rows = []
    for e in entries:
        seq += 1
        digest = entry_hash(seq, at_iso, e.actor, e.action, e.entity, e.entity_id, e.payload, prev)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor_id": e.actor_id,
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "payload": e.payload,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    if head is None:
        session.execute(_INSERT_ENTRIES, rows)
        session.execute(insert(HEAD).values(id=1, seq=seq, hash=prev))
    elif len(rows) == 1 and session.get_bind().dialect.name == "postgresql":
        # One round trip: the head (locked above) moves in a WITH of the entry's insert.
        session.execute(_INSERT_ENTRY_MOVING_HEAD, {**rows[0], "new_seq": seq, "new_hash": prev})
    else:
        session.execute(_INSERT_ENTRIES, rows)
        session.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": prev})
    cached = session.identity_map.get(session.identity_key(AuditHead, (1,)))
    if cached is not None:  # an AuditHead loaded in this session must not hold old values
        session.expire(cached)


# A guard, not a step: SQLAlchemy offers no other place that sees every COMMIT, and a commit
# outside the write boundary would drop the queued entries and leave writes unaudited.
@event.listens_for(Session, "before_commit")
def _refuse_unaudited_commit(session: Session) -> None:
    if session.info.get(PENDING) and not session.in_nested_transaction():
        raise RuntimeError(
            "audit entries are pending: commit writes through relief.unit_of_work, "
            "not session.commit()"
        )
