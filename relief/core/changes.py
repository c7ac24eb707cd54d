"""What the open write has changed: noted by services, read by the write boundary.

Services say what they changed as they change it (``note_villages``, ``note_reference``,
``note_geometry``); nothing runs then. The write boundary (relief.unit_of_work) reads the
notes in its steps: the alert rules for the villages touched before the commit, the cached
pages to renew after it. The notes live in the session's ``info`` (one per transaction) and
the boundary takes them when it commits or drops them when it rolls back.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from relief.extensions import db

KEY = "relief_changes"

SHIPMENTS, ASSESSMENTS, REPORTS, ALERTS = "shipments", "assessments", "reports", "alerts"
STOCK = "stock"  # a depot's ledger: the stock_idle rule of its regency


@dataclass(frozen=True)
class Touch:
    """One write's mark on some villages of an event."""

    subject: str  # SHIPMENTS, ASSESSMENTS, REPORTS or ALERTS
    action: str  # the writing function's name, e.g. "deliver_shipment"
    event_id: int | None
    village_codes: frozenset[str]


@dataclass
class ChangeSet:
    """Everything one transaction changed that outlives it (rules, pages, indexes)."""

    touches: list[Touch] = field(default_factory=list)
    reference: bool = False  # norms, events, profiles: every page shows other figures
    geometry: set[str] = field(default_factory=set)  # areas whose boundaries changed
    notifications: bool = False  # messages were queued: deliver them after the commit
    jobs: list = field(default_factory=list)  # (enqueue, args): put on the queue after it

    def village_codes(self) -> set[str]:
        """Every village some write touched."""
        return {code for touch in self.touches for code in touch.village_codes}

    def __bool__(self) -> bool:
        return bool(
            self.touches or self.reference or self.geometry or self.notifications or self.jobs
        )


def current() -> ChangeSet:
    """The open transaction's change set (created on first use)."""
    return db.session().info.setdefault(KEY, ChangeSet())


def note_villages(
    subject: str, action: str, event_id: int | None, village_codes: Iterable[str]
) -> None:
    """Record that ``action`` changed ``subject`` rows of these villages."""
    codes = frozenset(c for c in village_codes if c)
    if codes:
        current().touches.append(Touch(subject, action, event_id, codes))


def note_reference(action: str) -> None:
    """Record a change that every page shows (norms, events, an event's norm profile)."""
    current().reference = True


def note_geometry(codes: Iterable[str]) -> None:
    """Record areas whose boundaries changed."""
    current().geometry.update(codes)


def note_notifications() -> None:
    """Record that messages were queued in the open transaction."""
    current().notifications = True


def note_job(enqueue, *args) -> None:
    """Record a job to put on the queue once the open transaction committed."""
    if (enqueue, args) not in current().jobs:
        current().jobs.append((enqueue, args))


def take() -> ChangeSet:
    """Remove and return the open transaction's change set."""
    return db.session().info.pop(KEY, None) or ChangeSet()


def discard() -> None:
    """Forget what a rolled-back transaction noted."""
    db.session().info.pop(KEY, None)
