"""`flask --app wsgi demo load`: the whole scenario in one unit of work."""

import click
from flask.cli import AppGroup

from relief.demo.loader import load_demo
from relief.events.queries import current_event
from relief.unit_of_work import unit_of_work

demo = AppGroup("demo", help="Skenario demo ilustratif / illustrative demo scenario.")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when an event already exists.")
def load_command(if_empty: bool) -> None:
    """Load the January 2020 Banten flood scenario (deterministic, illustrative)."""
    if if_empty and current_event() is not None:
        click.echo("database already holds an event; demo not loaded")
        return
    with unit_of_work(evaluate_alerts=False):
        for line in load_demo():
            click.echo(line)


commands = [demo]
