"""The job queue (huey): SQLite file beside the database by default, Redis with REDIS_URL.

Domains declare their jobs in their own `tasks.py` with `@job()` or `@periodic_job(...)`;
`create_app` imports those modules so that web processes and the worker know every job.
Each job runs in an application context of its own (its own database session), whether the
worker runs it or, in immediate mode (tests), the caller does. A job that fails is retried
by huey with exponential backoff, and every run is recorded in `job_run` (relief.core.
job_runs), so failures show on the admin page and the API and a lost run can be repeated.
"""

import functools
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy.engine import make_url

from relief.core import job_runs
from relief.extensions import db

QUEUE_NAME = "pantau-bantuan"


class JobQueue(Huey):
    """A huey instance whose storage belongs to each app (chosen from its settings).

    huey keeps one storage per instance; tasks are declared on one module-level instance, so
    the storage is looked up on the current app (the worker's app in its threads) and built
    on first use. Apps built side by side (tests) keep their own queues.
    """

    def __init__(self) -> None:
        self._unbound = {"storage": None, "immediate": True}
        self.app: Flask | None = None
        super().__init__(QUEUE_NAME, immediate=True, results=False)

    def init_app(self, app: Flask) -> None:
        """Bind the queue to the app; its storage is built from the settings when first used."""
        self.app = app
        app.extensions["relief_jobs"] = {
            "storage": None,
            "immediate": bool(app.config.get("JOBS_IMMEDIATE")),
            "build": lambda: storage_for(app),
        }

    def _settings(self) -> dict:
        app = current_app if has_app_context() else self.app
        settings = app.extensions.get("relief_jobs") if app is not None else None
        if settings is None:
            return self._unbound
        if settings["storage"] is None:
            settings["storage"] = settings["build"]()
        return settings

    @property
    def storage(self):
        """The current app's queue storage."""
        return self._settings()["storage"]

    @storage.setter
    def storage(self, value) -> None:
        self._unbound["storage"] = value  # huey's own __init__ (before any app)

    @property
    def _immediate(self) -> bool:
        return self._settings()["immediate"]

    @_immediate.setter
    def _immediate(self, value: bool) -> None:
        self._unbound["immediate"] = value

    def use(self, app: Flask, storage, immediate: bool = False) -> dict:
        """Give `app` another storage (tests of the worker); answers the previous settings."""
        settings = app.extensions["relief_jobs"]
        previous = dict(settings)
        settings.update(storage=storage, immediate=immediate)
        return previous

    def flask_app(self) -> Flask:
        """The app a job runs under: the caller's (immediate mode) or the bound one (worker)."""
        if has_app_context():
            return current_app._get_current_object()
        if self.app is None:
            raise RuntimeError("the job queue is not bound to an app (create_app binds it)")
        return self.app


def storage_for(app: Flask):
    """JOBS_IMMEDIATE: run jobs in the caller (tests). REDIS_URL: Redis. Else a SQLite file."""
    if app.config.get("JOBS_IMMEDIATE"):
        return MemoryStorage(QUEUE_NAME)
    if app.config.get("REDIS_URL"):
        return RedisStorage(QUEUE_NAME, url=app.config["REDIS_URL"])
    return SqliteStorage(QUEUE_NAME, filename=str(jobs_file(app)))


def jobs_file(app: Flask) -> Path:
    """The queue's SQLite file: JOBS_SQLITE_PATH, else beside a SQLite database, else instance/."""
    if app.config.get("JOBS_SQLITE_PATH"):
        return Path(app.config["JOBS_SQLITE_PATH"])
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_name(Path(url.database).name + "-jobs")
    return Path(app.instance_path) / "jobs.sqlite"


queue = JobQueue()


def _recorded(name: str, fn: Callable, record: bool = True) -> Callable:
    """Run `fn` in its own app context and record the run (attempts, state, last error).

    `record=False` for jobs whose own rows are their record (notification deliveries).
    """

    @functools.wraps(fn)
    def run(*args, task=None, **kwargs):
        with queue.flask_app().app_context():
            if not record:
                return fn(*args, **kwargs)
            run_id = job_runs.start(name, task, args, kwargs)
            try:
                result = fn(*args, **kwargs)
            except Exception as error:
                db.session.rollback()
                job_runs.fail(run_id, error, retrying=bool(task is not None and task.retries))
                raise
            job_runs.finish(run_id)
            return result

    return run


def job(
    retries: int = 3,
    retry_delay: float = 30,
    retry_backoff: float = 2.0,
    record: bool = True,
    **options,
):
    """Declare a job: calling it (`fn(*args)`) puts it on the queue; huey retries failures
    `retries` times, waiting `retry_delay` seconds multiplied by `retry_backoff` each time."""

    def decorate(fn: Callable):
        name = f"{fn.__module__}.{fn.__name__}"
        return queue.task(
            retries=retries,
            retry_delay=retry_delay,
            retry_backoff=retry_backoff,
            context=True,
            name=fn.__name__,
            **options,
        )(_recorded(name, fn, record))

    return decorate


def periodic_job(is_due: Callable, retries: int = 0, record: bool = True, **options):
    """Declare a job the worker runs on its own when `is_due(datetime)` says so (each minute)."""

    def decorate(fn: Callable):
        name = f"{fn.__module__}.{fn.__name__}"
        return queue.periodic_task(
            is_due, retries=retries, context=True, name=fn.__name__, **options
        )(_recorded(name, fn, record))

    return decorate


def every_minutes(setting: str) -> Callable:
    """A periodic schedule read from a setting at each check: every N minutes of the day."""

    def is_due(moment) -> bool:
        minutes = max(1, int(queue.flask_app().config[setting]))
        return (moment.hour * 60 + moment.minute) % minutes == 0

    return is_due


def enqueue_by_name(name: str, args: list, kwargs: dict) -> None:
    """Put a recorded job on the queue again (the admin's "retry now")."""
    # huey names a task class "<module>.<function>" in its registry, as `job` names runs.
    task_class = queue._registry.string_to_task(name)
    queue.enqueue(task_class(args=tuple(args), kwargs=dict(kwargs)))


def init_app(app: Flask) -> None:
    """Bind the queue to the app (jobs go on it after a commit: relief.unit_of_work)."""
    queue.init_app(app)
