"""`flask --app wsgi worker`: the job worker (huey consumer) beside the web server."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from relief.alerts.tasks import sweep_notifications
from relief.core.jobs import jobs_file, queue
from relief.jobs.tasks import sweep_job_runs


@click.command("worker")
@click.option("--threads", type=int, help="Jobs run at once (default: JOBS_WORKERS, 2).")
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Run the periodic jobs here; with several workers, only one should.",
)
@with_appcontext
def worker(threads: int | None, periodic: bool) -> None:
    """Run background jobs: notifications, periodic alert evaluation, geometry builds."""
    if queue.immediate:
        raise click.ClickException("JOBS_IMMEDIATE=1: jobs run inside the web process.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = current_app.config
    where = config.get("REDIS_URL") or jobs_file(current_app)
    click.echo(
        f"worker: queue {where}, {threads or config['JOBS_WORKERS']} threads, "
        f"periodic jobs {'on' if periodic else 'off'}"
    )
    consumer = queue.create_consumer(
        workers=threads or config["JOBS_WORKERS"],
        worker_type="thread",
        periodic=periodic,
        max_delay=2.0,
        check_worker_health=True,
    )
    # What a previous worker left (a kill, a restart) is picked up at once, not in a minute.
    sweep_notifications()
    sweep_job_runs()
    consumer.run()


commands = [worker]
