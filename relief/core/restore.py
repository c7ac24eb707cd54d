"""`flask restore FILE`: put a backup back in place, safely, then prove it is whole.

Copying a SQLite backup over the database while a `-wal` file remains lets SQLite replay the
old WAL onto the copy (index corruption, lost rows, a broken audit chain). This command
refuses while any other process holds the database, removes stale WAL and SHM files, swaps
the file in atomically (owner-only), then runs `PRAGMA integrity_check` and `audit verify`.
PostgreSQL backups go through pg_restore in one transaction, refused while other sessions
are connected.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.engine import make_url

from relief.extensions import db

SIDE_FILES = ("-wal", "-shm", "-journal")
WAL_LOCK_OFFSET = 128  # SQLite's "DMS" byte in the -shm file: shared while a connection is open


def sqlite_holders(database: Path) -> list[int]:
    """Process ids (other than ours) with the database or its WAL/SHM open; [-1] when the
    SHM lock shows a holder that /proc does not name (another container, no /proc)."""
    names = {str(database.resolve())} | {str(database.resolve()) + s for s in SIDE_FILES}
    holders = set()
    proc = Path("/proc")
    if proc.is_dir():
        for fd_dir in proc.glob("[0-9]*/fd"):
            pid = int(fd_dir.parent.name)
            if pid == os.getpid():
                continue
            try:
                if any(os.readlink(fd) in names for fd in fd_dir.iterdir()):
                    holders.add(pid)
            except OSError:
                continue  # a process that ended, or one we may not inspect
    if not holders and _shm_locked(Path(str(database) + "-shm")):
        holders.add(-1)
    return sorted(holders)


def _shm_locked(shm: Path) -> bool:
    if not shm.exists():
        return False
    fd = os.open(shm, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, WAL_LOCK_OFFSET)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, WAL_LOCK_OFFSET)
        return False
    finally:
        os.close(fd)


def integrity_problems(database: Path) -> list[str]:
    """What `PRAGMA integrity_check` reports (empty when the file is whole)."""
    uri = f"file:{database}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            rows = [r[0] for r in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as err:
        return [str(err)]
    return [] if rows == ["ok"] else rows


def restore_sqlite(backup: Path, database: Path) -> None:
    """Check the backup, refuse while the database is held, then swap it in without stale
    WAL/SHM files; raises ClickException on any refusal."""
    if problems := integrity_problems(backup):
        raise click.ClickException(f"backup {backup} is not a whole SQLite file: {problems[:3]}")
    if holders := sqlite_holders(database):
        raise click.ClickException(
            f"the database is in use (process {', '.join(map(str, holders))}): stop the web "
            "server and the job worker first, then run restore again"
        )
    staging = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, staging)
    os.chmod(staging, 0o600)
    with staging.open("rb") as handle:
        os.fsync(handle.fileno())
    for suffix in SIDE_FILES:
        Path(str(database) + suffix).unlink(missing_ok=True)
    os.replace(staging, database)
    if problems := integrity_problems(database):
        raise click.ClickException(f"integrity check failed after restore: {problems[:3]}")


def restore_postgresql(url, backup: Path) -> None:
    """pg_restore in one transaction, refused while other sessions use the database."""
    others = db.session.scalar(
        text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
    )
    db.session.rollback()
    db.engine.dispose()
    if others:
        raise click.ClickException(
            f"the database is in use ({others} other sessions): stop the web servers and job "
            "workers first, then run restore again"
        )
    if shutil.which("pg_restore") is None:
        raise click.ClickException("pg_restore not found: install postgresql-client")
    libpq_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
    # Fixed argv, no shell; the URL comes from our own configuration.
    result = subprocess.run(  # noqa: S603
        [  # noqa: S607 - pg_restore from PATH, checked above
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",  # noqa: S607
            "--exit-on-error",
            "-d",
            libpq_url,
            str(backup),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise click.ClickException(f"pg_restore failed: {result.stderr.strip()[:500]}")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(backup: Path) -> None:
    """Restore a backup written by `flask backup` (stop the server and workers first)."""
    url = make_url(str(db.engine.url))
    db.session.remove()
    db.engine.dispose()  # this process's own connections must not count as holders
    if url.get_backend_name() == "sqlite":
        restore_sqlite(backup, Path(url.database))
        click.echo("database restored; integrity check ok")
    elif url.get_backend_name() == "postgresql":
        restore_postgresql(url, backup)
        click.echo("database restored with pg_restore")
    else:
        raise click.ClickException(f"no restore method for {url.get_backend_name()}")
    db.engine.dispose()
    verify = current_app.cli.get_command(click.get_current_context(), "audit")
    context = click.get_current_context()
    context.invoke(verify.get_command(context, "verify"))
    db.session.remove()
    db.engine.dispose()  # the last connection to close checkpoints and removes its WAL
