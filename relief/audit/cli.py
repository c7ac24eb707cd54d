"""`flask audit verify`: check that nobody changed the audit history."""

import click
from flask.cli import AppGroup

from relief.audit.queries import verify_chain

audit = AppGroup("audit", help="Jejak audit / audit trail.")


@audit.command("verify")
def verify_command() -> None:
    """Recompute the hash chain; exit 1 naming the first altered or removed entry."""
    count, problem = verify_chain()
    if problem:
        click.echo(f"AUDIT CHAIN BROKEN at entry {problem.seq}: {problem.reason} ({count} read)")
        raise SystemExit(1)
    click.echo(f"audit chain intact: {count} entries")


commands = [audit]
