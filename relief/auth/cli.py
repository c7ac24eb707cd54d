"""`flask users ...`: manage staff accounts from the command line."""

import click
from flask.cli import AppGroup

from relief.auth import services
from relief.unit_of_work import unit_of_work

users = AppGroup("users", help="Kelola akun staf / manage staff accounts.")


@users.command("create")
@click.argument("username")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", type=click.Choice(["logistics", "ombudsman", "admin"]), required=True)
@click.option("--regency", "regency_code", default=None, help="Optional regency scope, e.g. 36.02.")
@click.password_option()
def create(username: str, name: str, role: str, regency_code: str | None, password: str) -> None:
    """Create a staff account."""
    with unit_of_work():
        user = services.create_user(username, name, role, password, regency_code=regency_code)
    click.echo(f"created {user.username} ({user.role})")


commands = [users]
