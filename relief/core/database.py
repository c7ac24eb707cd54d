"""SQLite connection settings: foreign keys, WAL, and writers that begin IMMEDIATE.

The embedded deployment is one web process (threads) and one job worker on one SQLite file.
Under WAL a transaction that starts deferred, reads, and then writes fails at once with
SQLITE_BUSY_SNAPSHOT when another writer committed in between (busy_timeout cannot help),
so a transaction that will write takes the write lock when it begins: every command, job
and script, and every request whose method writes (POST, PUT, PATCH, DELETE); GET requests
begin deferred and read from their snapshot without waiting for anyone. Writers then queue
on SQLite's own busy handler.
"""

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from relief.extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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


def init_app(app: Flask) -> None:
    """Configure the app's engines; requests that never call the write boundary roll back."""
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                configure_sqlite(engine)
