"""`flask audit ...`: verify the chain, its rows and published heads; publish the head."""

from pathlib import Path

import click
from flask.cli import AppGroup

from relief.audit.anchors import check_anchors, parse_anchors, publish_head
from relief.audit.baseline import record_baseline
from relief.audit.chain import using_dev_key
from relief.audit.queries import verify_chain
from relief.audit.verify import verify_rows
from relief.unit_of_work import unit_of_work

audit = AppGroup("audit", help="Jejak audit / audit trail.")


@audit.command("verify")
@click.option(
    "--anchors",
    "anchors_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A file of published heads ('<time> <seq> <hash>' per line) to prove.",
)
def verify_command(anchors_file: str | None) -> None:
    """Check the keyed chain, every audited row and published heads; exit 1 on any finding."""
    if using_dev_key():
        click.echo("note: AUDIT_KEY not set, using the public DEVELOPMENT key (no evidence value)")
    count, problem = verify_chain()
    failed = False
    if problem:
        click.echo(f"AUDIT CHAIN BROKEN at entry {problem.seq}: {problem.reason} ({count} read)")
        failed = True
    else:
        click.echo(f"audit chain intact: {count} entries")
    findings = verify_rows()
    for finding in findings:
        click.echo(f"ROW MISMATCH {finding.describe()}")
    click.echo(f"rows checked against their audit entries: {len(findings)} finding(s)")
    failed = failed or bool(findings)
    if anchors_file:
        try:
            anchors = parse_anchors(Path(anchors_file).read_text())
        except ValueError as exc:
            click.echo(f"ANCHOR FILE UNREADABLE: {exc}")
            raise SystemExit(1) from None
        problems = check_anchors(anchors)
        for p in problems:
            click.echo(f"ANCHOR line {p.line}: head {p.seq}: {p.reason}")
        click.echo(f"published heads checked: {len(anchors)}, {len(problems)} problem(s)")
        failed = failed or bool(problems)
    if failed:
        raise SystemExit(1)


@audit.command("publish-head")
@click.option("--file", "path", type=click.Path(dir_okay=False), help="Default: AUDIT_ANCHOR_FILE.")
def publish_head_command(path: str | None) -> None:
    """Append the current head to the append-only anchor file (run daily by the job queue)."""
    head = publish_head(Path(path) if path else None)
    click.echo(f"published head {head.seq} {head.hash}")


@audit.command("baseline")
def baseline_command() -> None:
    """Once, after upgrading a database from before row states: record every audited row."""
    with unit_of_work():
        count = record_baseline()
    click.echo(f"baseline recorded for {count} rows")


commands = [audit]
