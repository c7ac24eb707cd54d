"""`flask demo load`: each domain's `demo.load(rng)` runs in demo order, in one transaction.

The demo order is DOMAINS with two moves: assessments (coverage) come before the shipments
that answer them (logistics), and alerts come last, evaluated over everything the scenario
holds at its own moments. While the demo loads, the alert receivers do not evaluate writes.
"""

import contextvars
import importlib
import importlib.util
import random

import click
from flask.cli import AppGroup

from relief.core.transactions import run_in_transaction

DEMO_SEED = 20200101
demo = AppGroup("demo", help="Skenario demo ilustratif / illustrative demo scenario.")
_loading = contextvars.ContextVar("demo_loading", default=False)


def loading() -> bool:
    """True while the demo scenario is being loaded."""
    return _loading.get()


def demo_order(domains: tuple[str, ...]) -> list[str]:
    """DOMAINS with coverage before logistics and alerts last (see the module docstring)."""
    order = [d for d in domains if d not in ("coverage", "alerts")]
    if "coverage" in domains:
        at = order.index("logistics") if "logistics" in order else len(order)
        order.insert(at, "coverage")
    if "alerts" in domains:
        order.append("alerts")
    return order


def load_demo(seed: int = DEMO_SEED) -> list[str]:
    """Run every domain's demo step with one seeded random generator; returns their reports."""
    from relief import DOMAINS

    rng = random.Random(seed)
    reports = []
    token = _loading.set(True)
    try:
        for domain in demo_order(DOMAINS):
            name = f"relief.{domain}.demo"
            if importlib.util.find_spec(f"relief.{domain}") is None or importlib.util.find_spec(
                name
            ) is None:
                continue
            report = importlib.import_module(name).load(rng)
            if report:
                reports.append(f"{domain}: {report}")
    finally:
        _loading.reset(token)
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
