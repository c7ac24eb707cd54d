"""One transaction per request or command, and SQLite settings that let writers queue.

See README (Production deployment) for what SQLite requests do differently from CLI commands.
"""

import contextvars
import fcntl
import os
import threading

from flask import Flask, g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import Pool

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
    _release_writers_turn(conn.info)  # a previous transaction on this connection has ended
    # A write transaction that starts deferred and upgrades later can fail with
    # SQLITE_BUSY_SNAPSHOT under WAL; IMMEDIATE makes concurrent writers wait instead.
    # CLI commands take the write lock at once. Requests open their transaction at their
    # first statement: IMMEDIATE if it writes, else a plain read that becomes IMMEDIATE at
    # the first write (take_write_lock), so that writers queue for the statements that
    # write rather than for the whole request (token check, validation, serialisation).
    if _lock_at_begin():
        _begin_immediate(conn)
    else:
        conn.info[_STATE] = "unopened"


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_open(conn, cursor, statement, parameters, context, executemany) -> None:
    state = conn.info.get(_STATE)
    if state is None or state == "writing":
        return
    if statement.lstrip()[:9].upper().startswith(_READS):
        if state == "unopened":
            conn.connection.dbapi_connection.execute("BEGIN")
            conn.info[_STATE] = "reading"
    else:
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
    if state == "reading":
        conn.connection.dbapi_connection.execute("COMMIT")
    _begin_immediate(conn)


def _begin_immediate(conn) -> None:
    """BEGIN IMMEDIATE after taking this database's writers' turn (below)."""
    _take_writers_turn(conn)
    conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")
    conn.info[_STATE] = "writing"


# Writers take turns through an exclusive flock on a file beside the database before they
# ask SQLite for its write lock, and give the turn back when their connection returns to
# the pool (or begins its next transaction). SQLite itself would make a blocked writer
# sleep and retry (1, 2, 5, 10 ... 100 ms), leaving the lock idle between writers; a
# blocked flock wakes the next writer as soon as the turn is given back. busy_timeout still
# covers writers outside the app (a shell, a backup).
_TURN_FD, _TURN_PID, _HAS_TURN = "sqlite_writers_fd", "sqlite_writers_pid", "sqlite_writers_turn"
_turn_holders: set[int] = set()  # threads of this process that hold the turn


def _take_writers_turn(conn) -> None:
    info = conn.info
    fd, pid = info.get(_TURN_FD), os.getpid()
    if fd is None or info.get(_TURN_PID) != pid:  # a forked process opens its own file
        database = conn.engine.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return
        fd = info[_TURN_FD] = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
        info[_TURN_PID] = pid
        info.pop(_HAS_TURN, None)
    thread = threading.get_ident()
    if info.get(_HAS_TURN) or thread in _turn_holders:
        # A second connection of a thread that has the turn must not wait for itself:
        # it waits on SQLite's busy_timeout instead, as it would without turns.
        return
    fcntl.flock(fd, fcntl.LOCK_EX)  # blocks (without the GIL) until the turn is free
    info[_HAS_TURN] = thread
    _turn_holders.add(thread)


def _release_writers_turn(info) -> None:
    thread = info.pop(_HAS_TURN, None)
    if thread:
        _turn_holders.discard(thread)
        fcntl.flock(info[_TURN_FD], fcntl.LOCK_UN)


@event.listens_for(Pool, "checkin")
def _give_back_turn(dbapi_connection, record) -> None:
    _release_writers_turn(record.info)


@event.listens_for(Pool, "close")
def _close_turn_file(dbapi_connection, record) -> None:
    fd = record.info.pop(_TURN_FD, None)
    _turn_holders.discard(record.info.pop(_HAS_TURN, None))
    if fd is not None:
        os.close(fd)  # also gives the turn back


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
