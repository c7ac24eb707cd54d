"""Reads over job runs and the queue."""

from flask import current_app
from sqlalchemy import case, func, select

from relief.core.errors import DomainError
from relief.core.job_runs import JobRun
from relief.core.jobs import jobs_file, queue
from relief.extensions import db


def job_runs(state: str | None = None):
    """Runs, failures first, then newest first (a select for pagination)."""
    stmt = select(JobRun).order_by(
        case((JobRun.state.in_(("failed", "retrying", "lost")), 0), else_=1), JobRun.id.desc()
    )
    if state:
        stmt = stmt.where(JobRun.state == state)
    return stmt


def get_run(run_id: int) -> JobRun:
    """One run, or 404."""
    run = db.session.get(JobRun, run_id)
    if run is None:
        raise DomainError("Pekerjaan tidak ditemukan.", status=404)
    return run


def queue_summary() -> dict:
    """Where the queue lives, how many jobs wait now and later, how many runs failed."""
    backend = "redis" if current_app.config.get("REDIS_URL") else f"sqlite {jobs_file(current_app)}"
    if queue.immediate:
        backend = "immediate"
    failed = db.session.scalar(select(func.count()).where(JobRun.state == "failed"))
    return {
        "backend": backend,
        "pending": queue.pending_count(),
        "scheduled": queue.scheduled_count(),
        "failed_runs": failed or 0,
    }
