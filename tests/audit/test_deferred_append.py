"""Entries join the chain when their transaction commits, and never without it."""

from sqlalchemy import func, select

from relief.audit.models import AuditEntry, AuditHead
from relief.audit.queries import verify_chain
from relief.audit.services import pending_entries, record
from relief.extensions import db


def _actions() -> list[str]:
    """The actions after the reference rows' entries every test's chain starts with."""
    return list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity != "norm").order_by(AuditEntry.seq)))


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_entries_are_chained_at_commit_in_the_order_recorded(app_ctx):
    start = _count()
    record("first", "thing", 1, {"n": 1})
    record("second", "thing", 1, {"n": 2})
    assert _count() == start
    assert [e.action for e in pending_entries()] == ["first", "second"]
    db.session.commit()
    assert _actions() == ["first", "second"]
    assert db.session.get(AuditHead, 1).seq == start + 2
    count, problem = verify_chain()
    assert (count, problem) == (start + 2, None)


def test_a_rolled_back_transaction_leaves_no_entry(app_ctx):
    record("kept", "thing", 1, {})
    db.session.commit()
    record("dropped", "thing", 2, {})
    db.session.rollback()
    assert pending_entries() == []
    db.session.commit()
    assert _actions() == ["kept"]


def test_an_entry_inside_a_rolled_back_savepoint_is_dropped_with_it(app_ctx):
    record("before", "thing", 1, {})
    try:
        with db.session.begin_nested():
            record("inside", "thing", 1, {})
            raise RuntimeError("a failing alert rule")
    except RuntimeError:
        pass
    with db.session.begin_nested():
        record("released", "thing", 1, {})
    record("after", "thing", 1, {})
    db.session.commit()
    assert _actions() == ["before", "released", "after"]
    assert verify_chain() == (_count(), None)
