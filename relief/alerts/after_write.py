"""The alert rules a write can change, run by the write boundary for the villages it touched.

Every shipment rule reads delivered shipments (quantities, receipts, GPS): planning,
dispatching or cancelling a shipment that has not arrived changes none of them, and skipping
them keeps logging fast (evaluation is most of a write's cost).
"""

import logging
from collections.abc import Iterable

from relief.alerts.evaluation import evaluate
from relief.audit.services import drop_since, mark
from relief.core.changes import ASSESSMENTS, REPORTS, SHIPMENTS, STOCK, Touch
from relief.events.queries import current_event
from relief.extensions import db

log = logging.getLogger(__name__)

RULES_BY_SUBJECT = {
    SHIPMENTS: (
        "undersupplied",
        "no_delivery",
        "unconfirmed",
        "receipt_gap",
        "location_mismatch",
        "inequity",
        "receipt_disputed",
        "plausibility_override",
        "stock_idle",
    ),
    ASSESSMENTS: (
        "undersupplied",
        "no_delivery",
        "inequity",
        "plausibility_override",
        "stock_idle",
    ),
    REPORTS: ("resident_reports",),
    # a depot's ledger: its regency's code is the touched "village"
    STOCK: ("stock_idle",),
}
ACTIONS_WITHOUT_ALERT_EFFECT = frozenset(
    {"create_shipment", "dispatch_shipment", "cancel_shipment"}
)
DEMO_ACTION = "demo"  # demo data is evaluated at its scenario moments by the alerts demo


def work_for(touches: Iterable[Touch]) -> dict[int, tuple[set[str], set[str]]]:
    """Per event: the villages to evaluate and the rules to run for them."""
    work: dict[int, tuple[set[str], set[str]]] = {}
    for touch in touches:
        kinds = RULES_BY_SUBJECT.get(touch.subject)
        if not kinds or touch.action in ACTIONS_WITHOUT_ALERT_EFFECT or touch.action == DEMO_ACTION:
            continue
        event_id = touch.event_id
        if event_id is None and touch.subject == REPORTS:
            event = current_event()
            event_id = event.id if event else None
        if event_id is None:
            continue
        codes, rules = work.setdefault(event_id, (set(), set()))
        codes.update(touch.village_codes)
        rules.update(kinds)
    return work


def evaluate_touched(touches: Iterable[Touch]) -> None:
    """Run the rules for the touched villages, each event in a savepoint of the write.

    A failing rule must not spoil the writer's work: its savepoint rolls back, its audit
    entries are dropped with it, and the failure is logged.
    """
    for event_id, (codes, kinds) in work_for(touches).items():
        position = mark()
        try:
            with db.session.begin_nested():
                evaluate(event_id, codes=codes, kinds=sorted(kinds))
        except Exception:  # noqa: BLE001 - logged, never fatal to the write
            drop_since(position)
            log.exception("alert evaluation failed for event %s", event_id)
