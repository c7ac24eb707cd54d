"""The job runs' own upkeep: run again what a dead worker left, forget old successes."""

from flask import current_app

from relief.core import job_runs
from relief.core.jobs import enqueue_by_name, periodic_job
from relief.unit_of_work import unit_of_work


@periodic_job(lambda moment: True, record=False)  # every minute
def sweep_job_runs() -> int:
    """Runs left `running` past JOBS_LEASE_S are marked lost and run again (jobs are
    idempotent); successful runs older than JOBS_KEEP_DAYS are forgotten."""
    config = current_app.config
    again = []
    with unit_of_work():
        for run in job_runs.lost_runs(config["JOBS_LEASE_S"]):
            run.state, run.last_error = "lost", "worker stopped during the run"
            again.append((run.name, run.args.get("args", []), run.args.get("kwargs", {})))
        job_runs.prune(config["JOBS_KEEP_DAYS"])
    for name, args, kwargs in again:
        enqueue_by_name(name, args, kwargs)
    return len(again)
