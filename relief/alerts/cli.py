"""`flask alerts evaluate` (replays and repairs) and `flask alerts notify` (send due messages
here, without a worker). The worker evaluates live events and sends messages on its own."""

import time
from collections import Counter
from datetime import UTC, datetime

import click
from flask.cli import AppGroup
from sqlalchemy import select

from relief.alerts.delivery import deliver, due_ids
from relief.alerts.tasks import evaluate_by_province
from relief.events.models import Event
from relief.extensions import db

alerts = AppGroup("alerts", help="Peringatan Ombudsman / Ombudsman alerts.")


@alerts.command("evaluate")
@click.option(
    "--as-of",
    "as_of",
    help="ISO moment to evaluate at (default: the event's replay moment, else now).",
)
@click.option("--event", "event_id", type=int, help="Event id (default: every event).")
def evaluate_command(as_of: str | None, event_id: int | None) -> None:
    """Run every rule for all villages of the event(s); the worker sends what they raise."""
    moment = None
    if as_of:
        moment = datetime.fromisoformat(as_of)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    ids = [event_id] if event_id else list(db.session.scalars(select(Event.id)))
    for eid in ids:
        # Each province commits on its own; after each commit, its messages go on the queue.
        started = time.perf_counter()
        counts = evaluate_by_province(eid, as_of=moment)
        elapsed = time.perf_counter() - started
        click.echo(f"event {eid}: {counts} in {elapsed:.2f} s")


@alerts.command("notify")
def notify_command() -> None:
    """Send every message whose time has come from this command (a repair without worker)."""
    counts = Counter(deliver(attempt_id)[0] for attempt_id in due_ids())
    db.session.rollback()
    click.echo(f"notifications: {dict(counts)}")


commands = [alerts]
