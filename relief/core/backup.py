"""`flask backup`: a consistent copy of the database (SQLite backup API, or pg_dump)."""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from relief.extensions import db


def owner_only(target: Path) -> None:
    """Create (or truncate) `target` readable and writable by its owner only."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(target, 0o600)  # an existing file keeps its mode through O_CREAT


def backup_sqlite(database: str, target: Path) -> None:
    """Copy a live SQLite database page by page; writers may continue meanwhile."""
    owner_only(target)
    source = sqlite3.connect(database)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()


def backup_postgresql(url, target: Path) -> None:
    """Run pg_dump in custom format (restore with pg_restore)."""
    if shutil.which("pg_dump") is None:
        raise click.ClickException("pg_dump not found: install postgresql-client")
    libpq_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
    owner_only(target)  # pg_dump writes into the existing file, keeping its mode
    # Fixed argv, no shell; the URL comes from our own configuration.
    subprocess.run(  # noqa: S603
        ["pg_dump", "--format=custom", "--file", str(target), libpq_url],  # noqa: S607
        check=True,
    )
    os.chmod(target, 0o600)


@click.command("backup")
@with_appcontext
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Target file (default: instance/backup-<time>.sqlite or .dump).",
)
def backup_command(output: Path | None) -> None:
    """Write a consistent backup of the database."""
    url = make_url(str(db.engine.url))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    instance = Path(current_app.instance_path)
    if url.get_backend_name() == "sqlite":
        target = output or instance / f"backup-{stamp}.sqlite"
        backup_sqlite(url.database, target)
    elif url.get_backend_name() == "postgresql":
        target = output or instance / f"backup-{stamp}.dump"
        backup_postgresql(url, target)
    else:
        raise click.ClickException(f"no backup method for {url.get_backend_name()}")
    click.echo(f"backup written to {target}")
