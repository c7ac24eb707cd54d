"""`flask demo load`: each domain's `demo.load(rng)` runs in DOMAINS order, in one transaction."""

import importlib
import importlib.util
import random

import click
from flask.cli import AppGroup

from relief.core.transactions import run_in_transaction

DEMO_SEED = 20200101
demo = AppGroup("demo", help="Skenario demo ilustratif / illustrative demo scenario.")


def load_demo(seed: int = DEMO_SEED) -> list[str]:
    """Run every domain's demo step with one seeded random generator; returns their reports."""
    from relief import DOMAINS

    rng = random.Random(seed)
    reports = []
    for domain in DOMAINS:
        name = f"relief.{domain}.demo"
        if importlib.util.find_spec(f"relief.{domain}") is None or importlib.util.find_spec(
            name
        ) is None:
            continue
        report = importlib.import_module(name).load(rng)
        if report:
            reports.append(f"{domain}: {report}")
    return reports


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when an event already exists.")
def load_command(if_empty: bool) -> None:
    """Load the January 2020 Banten flood scenario (deterministic, illustrative)."""
    from relief.events.queries import current_event

    if if_empty and current_event() is not None:
        click.echo("database already holds an event; demo not loaded")
        return
    with run_in_transaction():
        for line in load_demo():
            click.echo(line)
