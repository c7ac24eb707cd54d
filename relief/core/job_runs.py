"""The durable record of job runs: what ran, how often, how it ended, the last error.

Each write commits at once in the job's own session, so the record survives a job that
fails or a worker that is killed (a run left `running` past its lease is run again by the
sweep, see relief.jobs.tasks).
"""

from datetime import datetime, timedelta

from sqlalchemy import JSON, Index, Integer, String, Text, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from relief.core.models import UTCDateTime, utcnow
from relief.extensions import db

STATES = ("running", "retrying", "done", "failed", "lost", "retried")


class JobRun(db.Model):
    """One job as the queue knows it (huey task id), with every attempt counted."""

    __tablename__ = "job_run"
    __table_args__ = (Index("ix_job_run_state_started", "state", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    args: Mapped[dict] = mapped_column(JSON, default=dict)  # {"args": [...], "kwargs": {...}}
    state: Mapped[str] = mapped_column(String(16), default="running")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def _jsonable(values) -> list:
    return [v if isinstance(v, int | float | str | bool | None) else str(v) for v in values]


def start(name: str, task, args: tuple, kwargs: dict) -> int:
    """Record that an attempt of a job begins; the same huey task id counts attempts."""
    task_id = str(task.id) if task is not None else f"immediate-{utcnow().timestamp()}"
    run = db.session.scalar(select(JobRun).where(JobRun.task_id == task_id))
    if run is None:
        run = JobRun(
            task_id=task_id,
            name=name,
            attempts=0,
            args={
                "args": _jsonable(args),
                "kwargs": dict(zip(kwargs, _jsonable(kwargs.values()), strict=True)),
            },
        )
        db.session.add(run)
    run.state, run.attempts, run.started_at = "running", run.attempts + 1, utcnow()
    run.finished_at = None
    db.session.commit()
    return run.id


def finish(run_id: int) -> None:
    """The attempt succeeded."""
    db.session.execute(
        update(JobRun)
        .where(JobRun.id == run_id)
        .values(state="done", finished_at=utcnow(), last_error=None)
    )
    db.session.commit()


def fail(run_id: int, error: Exception, retrying: bool) -> None:
    """The attempt failed: `retrying` when the queue will try again, else `failed`."""
    db.session.execute(
        update(JobRun)
        .where(JobRun.id == run_id)
        .values(
            state="retrying" if retrying else "failed",
            finished_at=utcnow(),
            last_error=f"{type(error).__name__}: {error}"[:1000],
        )
    )
    db.session.commit()


def lost_runs(lease_s: float) -> list[JobRun]:
    """Runs still `running` after their lease: their worker died (killed, machine lost)."""
    cutoff = utcnow() - timedelta(seconds=lease_s)
    return list(
        db.session.scalars(
            select(JobRun)
            .where(JobRun.state == "running", JobRun.started_at < cutoff)
            .order_by(JobRun.id)
            .limit(100)
        )
    )


def prune(keep_days: int) -> int:
    """Forget successful runs older than `keep_days`; failures stay until retried."""
    cutoff = utcnow() - timedelta(days=keep_days)
    result = db.session.execute(
        delete(JobRun).where(JobRun.state.in_(("done", "retried")), JobRun.started_at < cutoff)
    )
    return result.rowcount or 0
