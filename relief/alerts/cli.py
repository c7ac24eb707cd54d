"""`flask alerts evaluate` (time-based rules) and `flask alerts notify` (queued messages)."""

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from relief.alerts.evaluation import evaluate
from relief.alerts.notify import deliver_due
from relief.events.models import Event
from relief.extensions import db
from relief.unit_of_work import unit_of_work

alerts = AppGroup("alerts", help="Peringatan Ombudsman / Ombudsman alerts.")


@alerts.command("evaluate")
@click.option("--as-of", "as_of",
              help="ISO moment to evaluate at (default: the event's replay moment, else now).")
@click.option("--event", "event_id", type=int, help="Event id (default: every event).")
def evaluate_command(as_of: str | None, event_id: int | None) -> None:
    """Run every rule for all villages of the event(s), then send queued notifications."""
    import time

    from sqlalchemy import select


    moment = None
    if as_of:
        moment = datetime.fromisoformat(as_of)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    with unit_of_work():
        ids = [event_id] if event_id else list(db.session.scalars(select(Event.id)))
        for eid in ids:
            started = time.perf_counter()
            counts = evaluate(eid, as_of=moment)
            elapsed = time.perf_counter() - started
            click.echo(f"event {eid}: {counts} in {elapsed:.2f} s")
    with unit_of_work():
        click.echo(f"notifications: {deliver_due()}")


@alerts.command("notify")
def notify_command() -> None:
    """Send (or retry) queued notifications whose time has come."""

    with unit_of_work():
        click.echo(f"notifications: {deliver_due(limit=500)}")


commands = [alerts]
