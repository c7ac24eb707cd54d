"""The two supported deployments, checked before a server starts.

Embedded: SQLite, one web process (threads) and one job worker (`make run`).
Production: PostgreSQL and Redis, any number of web workers and job workers (`make serve`).
Several web processes on SQLite would each keep their own page cache, rate-limit counters
and write queue on one file; several without Redis would not share counters and caches.
"""


class UnsupportedDeployment(RuntimeError):
    """A server configuration this project does not support."""


def check_web_workers(database_url: str, redis_url: str | None, workers: int) -> None:
    """Refuse several web processes unless the database is PostgreSQL and Redis is set."""
    if workers <= 1:
        return
    if database_url.startswith("sqlite"):
        raise UnsupportedDeployment(
            f"{workers} web workers on SQLite are not supported: SQLite serves one web "
            "process (make run). For several workers set DATABASE_URL to PostgreSQL and "
            "REDIS_URL to Redis (make serve), or start one worker."
        )
    if not redis_url:
        raise UnsupportedDeployment(
            f"{workers} web workers need REDIS_URL: rate limits, cached pages and the job "
            "queue must be shared by every worker. Set REDIS_URL or start one worker."
        )
