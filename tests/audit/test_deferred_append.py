"""Entries join the chain when the write boundary commits, and never without it."""

import pytest
from sqlalchemy import func, select

from relief.audit.models import AuditEntry, AuditHead
from relief.audit.queries import verify_chain
from relief.audit.services import drop_since, mark, pending_entries, record
from relief.extensions import db
from relief.unit_of_work import commit_write, rollback_write


def _actions() -> list[str]:
    """The actions after the reference rows' entries every test's chain starts with."""
    return list(
        db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity != "norm").order_by(AuditEntry.seq)
        )
    )


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_entries_are_chained_at_commit_in_the_order_recorded(app_ctx):
    start = _count()
    record("first", "thing", 1, {"n": 1})
    record("second", "thing", 1, {"n": 2})
    assert _count() == start
    assert [e.action for e in pending_entries()] == ["first", "second"]
    commit_write()
    assert _actions() == ["first", "second"]
    assert db.session.get(AuditHead, 1).seq == start + 2
    count, problem = verify_chain()
    assert (count, problem) == (start + 2, None)


def test_a_rolled_back_write_leaves_no_entry(app_ctx):
    record("kept", "thing", 1, {})
    commit_write()
    record("dropped", "thing", 2, {})
    rollback_write()
    assert pending_entries() == []
    commit_write()
    assert _actions() == ["kept"]


def test_entries_of_an_undone_savepoint_are_dropped_with_it(app_ctx):
    record("before", "thing", 1, {})
    position = mark()
    try:
        with db.session.begin_nested():
            record("inside", "thing", 2, {})
            raise ValueError("undo the savepoint")
    except ValueError:
        drop_since(position)
    record("after", "thing", 3, {})
    commit_write()
    assert _actions() == ["before", "after"]


def test_a_commit_outside_the_boundary_with_pending_entries_is_refused(app_ctx):
    record("unaudited", "thing", 1, {})
    with pytest.raises(RuntimeError, match="unit_of_work"):
        db.session.commit()
    rollback_write()
    assert _actions() == []
