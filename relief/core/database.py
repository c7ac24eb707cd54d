"""One transaction per request or command, and SQLite settings that let writers queue."""

import contextvars

from flask import Flask, g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from relief.extensions import db

_force_immediate = contextvars.ContextVar("force_immediate", default=False)


def _lock_at_begin() -> bool:
    """CLI commands and scripts write: they take SQLite's write lock when they begin."""
    return _force_immediate.get() or not has_request_context()


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


_STATE = "sqlite_transaction"  # Connection.info: "unopened", "reading" or "writing"
_READS = ("SELECT", "WITH", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "RELEASE", "EXPLAIN")


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    # A write transaction that starts deferred and upgrades later can fail with
    # SQLITE_BUSY_SNAPSHOT under WAL; IMMEDIATE makes concurrent writers wait instead.
    # CLI commands take the write lock at once. Requests open their transaction at their
    # first statement: IMMEDIATE if it writes, else a plain read that becomes IMMEDIATE at
    # the first write (take_write_lock), so that writers queue for the statements that
    # write rather than for the whole request (token check, validation, serialisation).
    if _lock_at_begin():
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.info[_STATE] = "writing"
    else:
        conn.info[_STATE] = "unopened"


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_open(conn, cursor, statement, parameters, context, executemany) -> None:
    state = conn.info.get(_STATE)
    if state is None or state == "writing":
        return
    writes = not statement.lstrip()[:9].upper().startswith(_READS)
    if state == "unopened":
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if writes else "BEGIN")
        conn.info[_STATE] = "writing" if writes else "reading"
    elif writes:
        take_write_lock(conn)


def take_write_lock(conn) -> None:
    """Make a request's SQLite transaction a writing one before it writes (or reads to write).

    Reads so far came from a snapshot that another writer may have moved past, and a WAL
    transaction cannot upgrade from such a snapshot: the reading transaction ends and an
    IMMEDIATE one begins. This behaves as PostgreSQL's READ COMMITTED does: what was read
    before stays valid only where the write re-checks it (version columns, unique indexes,
    the audit head, which is read after this). A no-op for other databases and for
    transactions that already write.
    """
    state = conn.info.get(_STATE)
    if state is None or state == "writing":
        return
    raw = conn.connection.dbapi_connection
    if state == "reading":
        raw.execute("COMMIT")
    raw.execute("BEGIN IMMEDIATE")
    conn.info[_STATE] = "writing"


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
