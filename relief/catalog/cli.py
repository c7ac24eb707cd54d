"""`flask catalog load-defaults`: the default commodities, units and cited norms."""

import click
from flask.cli import AppGroup

from relief.catalog import services
from relief.unit_of_work import unit_of_work

catalog = AppGroup("catalog", help="Komoditas, satuan, norma / commodities, units, norms.")


@catalog.command("load-defaults")
def load_defaults() -> None:
    """Install the default commodities, units and norms that are missing (never overwrites)."""
    with unit_of_work():
        added = services.load_defaults()
    click.echo("added {commodities} commodities, {units} units, {norms} norms".format(**added))


commands = [catalog]
