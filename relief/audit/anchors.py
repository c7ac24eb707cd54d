"""The chain's head published outside the database, and the proof it is still in the chain.

`publish_head()` appends one line ``<UTC time> <seq> <hash>`` to an append-only file
(AUDIT_ANCHOR_FILE); it is a plain function that the job queue calls daily and that
`flask audit publish-head` calls on demand. Copies of the file (and the heads printed on
every evidence PDF and on /audit/head) let anyone prove later that the chain still holds
each published entry unchanged: a database restored to an older state, or a chain rebuilt
after an edit, no longer contains a head published before.
"""

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from relief.audit.models import AuditEntry, AuditHead
from relief.core.models import utcnow
from relief.extensions import db


@dataclass(frozen=True)
class Head:
    """The chain's last entry: its number and keyed hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class AnchorProblem:
    """A published head the chain no longer contains."""

    line: int
    seq: int
    reason: str


def current_head() -> Head:
    """The head as the database holds it (0 and the genesis hash before any entry)."""
    row = db.session.get(AuditHead, 1)
    return Head(row.seq, row.hash) if row is not None else Head(0, "0" * 64)


def anchor_file() -> Path:
    """Where heads are published: AUDIT_ANCHOR_FILE or instance/audit-anchors.log."""
    configured = current_app.config.get("AUDIT_ANCHOR_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / "audit-anchors.log"


def anchor_line(head: Head, at: datetime) -> str:
    """One published line."""
    return f"{at.isoformat(timespec='seconds')} {head.seq} {head.hash}\n"


def publish_head(path: Path | None = None) -> Head:
    """Append the current head to the anchor file (opened append-only, synced to disk)."""
    head = current_head()
    path = path or anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, anchor_line(head, utcnow()).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return head


def parse_anchors(text: str) -> list[tuple[int, int, str]]:
    """(line number, seq, hash) of each published line; blank and # lines are skipped."""
    anchors = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) != 3 or not parts[1].isdigit() or len(parts[2]) != 64:
            raise ValueError(f"line {number}: expected '<time> <seq> <hash>'")
        anchors.append((number, int(parts[1]), parts[2]))
    return anchors


def check_anchors(anchors: list[tuple[int, int, str]]) -> list[AnchorProblem]:
    """Each published head must be an entry of the chain with the same hash."""
    seqs = sorted({seq for _, seq, _ in anchors if seq > 0})
    found: dict[int, str] = {}
    for start in range(0, len(seqs), 900):
        found.update(
            db.session.execute(
                select(AuditEntry.seq, AuditEntry.hash).where(
                    AuditEntry.seq.in_(seqs[start : start + 900])
                )
            ).all()
        )
    problems = []
    for line, seq, digest in anchors:
        if seq == 0:
            continue
        if seq not in found:
            problems.append(
                AnchorProblem(
                    line, seq, "published head missing from the chain (rolled back or truncated)"
                )
            )
        elif found[seq] != digest:
            problems.append(
                AnchorProblem(line, seq, "entry differs from the published head (chain rewritten)")
            )
    return problems
