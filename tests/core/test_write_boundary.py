"""Every writing endpoint goes through the one write boundary, and the boundary's steps run
in order: audit, alert rules, commit, then pages renewed."""

import pytest
from sqlalchemy import func, select

from relief.audit.models import AuditEntry
from relief.audit.services import record
from relief.core import changes
from relief.extensions import db
from relief.unit_of_work import commit_write, rollback_write, unit_of_work, writes

WRITING = {"POST", "PUT", "PATCH", "DELETE"}


def test_every_endpoint_that_accepts_a_writing_method_is_marked_writes(app):
    unmarked = [
        (rule.rule, sorted(rule.methods & WRITING))
        for rule in app.url_map.iter_rules()
        if rule.methods & WRITING
        and not getattr(app.view_functions[rule.endpoint], "writes", False)
    ]
    assert unmarked == []


def test_a_view_without_the_mark_would_be_found(app):
    def sneaky():
        return "written?"

    marked = writes(lambda: "ok")
    assert getattr(marked, "writes", False) is True
    assert getattr(sneaky, "writes", False) is False


def test_the_steps_run_in_order_and_pages_renew_only_after_the_commit(app_ctx, monkeypatch):
    from relief.alerts import after_write
    from relief.core import cache

    steps = []
    monkeypatch.setattr(
        after_write,
        "evaluate_touched",
        lambda touches: steps.append(
            ("alerts", sorted(c for t in touches for c in t.village_codes))
        ),
    )
    monkeypatch.setattr(
        cache,
        "renew",
        lambda codes: steps.append(
            ("renew", sorted(codes) if codes else codes, _entries_committed())
        ),
    )
    before = _entries_committed()  # the reference rows' entries every test starts with
    record("test_step", "thing", 1, {"n": 1})
    changes.note_villages(changes.ASSESSMENTS, "record_assessment", 1, {"36.02.25.2004"})
    commit_write()
    assert steps == [("alerts", ["36.02.25.2004"]), ("renew", ["36.02.25.2004"], before + 1)]


def _entries_committed() -> int:
    # Read through a fresh connection: only committed rows are visible there.
    with db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(AuditEntry)).scalar()


def test_a_failed_unit_of_work_leaves_nothing_and_forgets_its_notes(app_ctx):
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ValueError), unit_of_work():
        record("undone", "thing", 1, {})
        changes.note_villages(changes.SHIPMENTS, "deliver_shipment", 1, {"36.02.25.2004"})
        raise ValueError("a failing step")
    assert not changes.current()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before
    rollback_write()
