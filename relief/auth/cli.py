"""`flask users ...`: manage staff accounts from the command line."""

import sys

import click
from flask.cli import AppGroup

from relief.auth import accounts
from relief.unit_of_work import unit_of_work

users = AppGroup("users", help="Kelola akun staf / manage staff accounts.")


@users.command("create")
@click.argument("username")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", type=click.Choice(["logistics", "ombudsman", "admin"]), required=True)
@click.option(
    "--organisation",
    "organisation_id",
    type=int,
    default=None,
    help="Organisation id (required for logistics).",
)
@click.option(
    "--area",
    "area_codes",
    multiple=True,
    help="Scope: a province, regency or district code; repeat for several.",
)
@click.option("--regency", "regency_code", default=None, help="Older spelling of one --area.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (one line) instead of a prompt.",
)
def create(
    username: str,
    name: str,
    role: str,
    organisation_id: int | None,
    area_codes: tuple[str, ...],
    regency_code: str | None,
    password_stdin: bool,
) -> None:
    """Create a staff account (the password rules of production apply)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    codes = [*area_codes, *([regency_code] if regency_code else [])]
    with unit_of_work():  # a refusal (weak password, taken name) exits 1 with its messages
        user = accounts.register_user(
            {
                "username": username,
                "name": name,
                "role": role,
                "password": password,
                "organisation_id": organisation_id,
                "area_codes": codes,
            }
        )
    click.echo(f"created {user.username} ({user.role})")


commands = [users]
