"""One transaction per request or command, and SQLite settings that let writers queue."""

import contextvars

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from relief.extensions import db

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_force_immediate = contextvars.ContextVar("force_immediate", default=False)


def _wants_write_lock() -> bool:
    if _force_immediate.get():
        return True
    if has_request_context():
        return request.method in WRITE_METHODS
    return True  # CLI commands and scripts write


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        # Take over BEGIN from pysqlite so that writes can start with BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    if conn.dialect.name == "sqlite":
        # A write transaction that starts deferred and upgrades later can fail with
        # SQLITE_BUSY_SNAPSHOT under WAL; IMMEDIATE makes concurrent writers wait instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


def init_app(app: Flask) -> None:
    """Commit once after a successful request, roll back after any error answer."""

    @app.after_request
    def finish_transaction(response):
        if not db.session.registry.has() or not db.session().in_transaction():
            return response  # the request never touched the database (a cached page)
        if response.status_code >= 400 or g.get("rollback_only"):
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except (IntegrityError, StaleDataError):
            db.session.rollback()
            from relief.core.errors import error_response

            return error_response(
                409, "conflict", "Data berubah bersamaan dengan permintaan lain; coba lagi."
            )
        return response

    @app.teardown_request
    def discard_session(exc) -> None:
        if exc is not None:
            db.session.rollback()
