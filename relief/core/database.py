"""SQLite connection settings (foreign keys, WAL, writers that begin IMMEDIATE), and on
PostgreSQL read-only transactions that end with COMMIT, which keeps prepared statements.

The embedded deployment is one web process (threads) and one job worker on one SQLite file.
Under WAL a transaction that starts deferred, reads, and then writes fails at once with
SQLITE_BUSY_SNAPSHOT when another writer committed in between (busy_timeout cannot help),
so a transaction that will write takes the write lock when it begins: every command, job
and script, and every request whose method writes (POST, PUT, PATCH, DELETE); GET requests
begin deferred and read from their snapshot without waiting for anyone. Writers then queue
on SQLite's own busy handler.

On PostgreSQL, psycopg prepares a statement on the server once a connection has run it five
times, so that the server stops planning it; but every ROLLBACK deallocates all of them
(a rollback might have undone a PREPARE). Flask-SQLAlchemy ends each request's session with
a rollback, so every request planned the coverage and village-page statements afresh: 3 to
7 ms of planning for the village page's commodity statement, which runs in under 1 ms. A
request (or job, or command) that ends without error, with nothing unflushed and no
transaction id assigned on the server (PostgreSQL assigns one at the first write or row
lock, so None means the transaction wrote nothing) is therefore committed, which changes
nothing and keeps them. Anything else is rolled back as before. Asking the server costs a
round trip, so a transaction whose statements were all plain reads (SELECT, or WITH ...
SELECT, with no data-modifying part or row lock: `_is_plain_read`, seen as each statement
is sent) is committed without asking: 7 % off the village page's median in-process. A
statement run on the driver's own cursor is not seen, so such a cursor may only read
(relief.public.search's one SELECT).

A prepared statement has a catch: after five executions PostgreSQL may switch it to a
generic plan, made without the parameters' values, and a code-prefix range (`code >= '36.'
AND code < '36/'`, one province) then counts as a few rows however many it holds. Where the
province is all the data, as in a one-province deployment, the generic plan of coverage's
delivered quantities took 35-44 ms instead of 14 ms, and the whole village statement 63-71
instead of 46-53 (bench/scale_bench.py's 1,500-village database, from the eleventh run
on). A statement executed with the `CUSTOM_PLAN` execution options is therefore never
prepared (psycopg's `prepare=False`): planned for its own values each time, which costs
1-2 ms on statements that run for tens.
"""

import functools
import logging
import re

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from relief.extensions import db

log = logging.getLogger(__name__)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNWRITTEN = "SELECT pg_current_xact_id_if_assigned() IS NULL"
CUSTOM_PLAN = {"relief_custom_plan": True}  # execution options: plan with the values (above)
MAY_HAVE_WRITTEN = "relief_may_have_written"  # connection info: a statement other than a read ran
# A plain read: SELECT or WITH ... SELECT with no data-modifying part, row lock or SELECT INTO.
# Anything else (and any false alarm: a column named "update") leaves the question to the
# server (UNWRITTEN).
_READ_START = re.compile(r"\s*(?:SELECT|WITH)\b", re.IGNORECASE)
_WRITE_WORD = re.compile(
    r"\b(?:INSERT|UPDATE|DELETE|MERGE|INTO|FOR|CALL|COPY|LOCK|TRUNCATE|NEXTVAL|SETVAL)\b",
    re.IGNORECASE,
)


def _writes() -> bool:
    return not has_request_context() or request.method not in READ_METHODS


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # pysqlite begins transactions itself, late and deferred; take BEGIN over (SQLAlchemy's
    # documented recipe for pysqlite) so that writers can begin IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _writes() else "BEGIN")


def configure_sqlite(engine: Engine) -> None:
    """Attach the pysqlite recipe to one engine (the only hooks SQLAlchemy offers for it)."""
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)


def _execute_with_custom_plan(cursor, statement, parameters, context) -> bool | None:
    """SQLAlchemy's `do_execute` hook: run a CUSTOM_PLAN statement unprepared; True says
    the statement has been executed, None leaves it to the dialect."""
    if context is not None and context.execution_options.get("relief_custom_plan"):
        cursor.execute(statement, parameters, prepare=False)
        return True
    return None


def _note_statement(conn, cursor, statement, parameters, context, executemany) -> None:
    """`before_cursor_execute`: remember, for the transaction, that it ran something other
    than a plain read."""
    info = conn.info
    if not info.get(MAY_HAVE_WRITTEN) and not _is_plain_read(statement):
        info[MAY_HAVE_WRITTEN] = True


@functools.lru_cache(maxsize=4096)
def _is_plain_read(statement: str) -> bool:
    # Remembered per statement text: the same compiled statements run request after request,
    # and searching a coverage statement's 10 kB on every run cost more than the check saves.
    return bool(_READ_START.match(statement)) and not _WRITE_WORD.search(statement)


def _new_transaction(conn) -> None:
    """`begin`: a transaction starts with nothing written."""
    conn.info.pop(MAY_HAVE_WRITTEN, None)


def end_unwritten_transaction(exc: BaseException | None = None) -> None:
    """COMMIT the context's PostgreSQL transaction if it wrote nothing (see above); else
    leave it to Flask-SQLAlchemy's rollback."""
    if exc is not None or not db.session.registry.has():
        return
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        connection = session.connection()
        if connection.dialect.name != "postgresql":
            return
        # Only plain reads ran: nothing to ask. Else the server says whether a transaction id
        # was assigned (a write or a row lock assigns one).
        if (
            not connection.info.get(MAY_HAVE_WRITTEN)
            or connection.exec_driver_sql(UNWRITTEN).scalar()
        ):
            # Loaded objects stay loaded, as the rollback-and-close left them: code that
            # holds one past its context reads it detached, not expired.
            keep, session.expire_on_commit = session.expire_on_commit, False
            try:
                session.commit()
            finally:
                session.expire_on_commit = keep
    except (SQLAlchemyError, RuntimeError):  # an aborted transaction, a guarded commit
        log.debug("read transaction left to the rollback", exc_info=True)


def init_app(app: Flask) -> None:
    """Configure the app's engines; requests that never call the write boundary roll back,
    or, on PostgreSQL, commit when they wrote nothing."""
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                configure_sqlite(engine)
            elif engine.dialect.name == "postgresql":
                event.listen(engine, "do_execute", _execute_with_custom_plan)
                event.listen(engine, "before_cursor_execute", _note_statement)
                event.listen(engine, "begin", _new_transaction)
    # Registered after db.init_app: Flask runs teardowns last-registered first, so this
    # runs before Flask-SQLAlchemy removes the session.
    app.teardown_appcontext(end_unwritten_transaction)
