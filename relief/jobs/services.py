"""The admin's action on a job run: run it again now."""

from relief.core import changes
from relief.core.errors import ConflictError
from relief.core.job_runs import JobRun
from relief.core.jobs import enqueue_by_name
from relief.extensions import db

RETRYABLE = ("failed", "lost", "retrying")


def retry_run(run: JobRun) -> JobRun:
    """Put a failed (or lost, or waiting) job on the queue again at once; the caller commits."""
    if run.state not in RETRYABLE:
        raise ConflictError("Hanya pekerjaan yang gagal atau hilang yang dapat diulang.")
    run.state = "retried"
    db.session.flush()
    changes.note_job(
        enqueue_by_name, run.name, run.args.get("args", []), run.args.get("kwargs", {})
    )
    return run
