"""`flask setup check`: the setup checklist on the command line (exit 1 while incomplete)."""

import click
from flask.cli import AppGroup

from relief.admin.checklist import checklist, missing

setup = AppGroup("setup", help="Persiapan sistem / system setup.")


@setup.command("check")
def check() -> None:
    """List what is still missing before field staff can work."""
    steps = checklist()
    for step in steps:
        mark = "ok     " if step.done else "MISSING"
        click.echo(f"[{mark}] {step.label}: {step.detail}")
        if not step.done:
            click.echo(f"          fix: {step.fix_hint}")
    if missing(steps):
        raise SystemExit(1)
    click.echo("ready: field staff can work")


commands = [setup]
