"""gunicorn settings for `make serve`: refuses a deployment the project does not support."""

import os

from relief.config import _database_url
from relief.core.deployment import check_web_workers

preload_app = False


def on_starting(server) -> None:
    """Before any worker starts: several workers need PostgreSQL and Redis."""
    database = os.environ.get("DATABASE_URL") or _database_url("instance")
    check_web_workers(database, os.environ.get("REDIS_URL"), server.cfg.workers)
