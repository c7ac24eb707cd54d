"""Evaluate the rules a write can change, for the villages it touched, inside its transaction."""

import logging

from relief.alerts import notify
from relief.alerts.evaluation import evaluate
from relief.core.signals import assessments_changed, reports_changed, shipments_changed
from relief.extensions import db
from relief.public.models import ResidentReport

log = logging.getLogger(__name__)

SHIPMENT_RULES = ["undersupplied", "no_delivery", "unconfirmed", "receipt_gap",
                  "location_mismatch", "inequity"]
ASSESSMENT_RULES = ["undersupplied", "no_delivery", "inequity"]
REPORT_RULES = ["resident_reports"]


DEMO_SENDER = "demo"  # demo data is evaluated at its scenario moments by alerts.demo


def _evaluate_touched(kinds: list[str], event_id: int | None, village_codes,
                      sender: str = "") -> None:
    from relief.core.demo_loader import loading

    if not event_id or not village_codes or sender == DEMO_SENDER or loading():
        return
    try:
        with db.session.begin_nested():  # a failing rule must not spoil the writer's work
            evaluate(event_id, codes=set(village_codes), kinds=kinds)
    except Exception:  # noqa: BLE001 - logged, never fatal to the write (see core.signals)
        log.exception("alert evaluation failed for event %s", event_id)


# Every shipment rule reads delivered shipments (quantities, receipts, GPS). Planning,
# dispatching or cancelling a shipment that has not arrived changes none of them, and
# skipping them keeps logging fast (evaluation is most of a write's cost).
SENDERS_WITHOUT_ALERT_EFFECT = frozenset(
    {"create_shipment", "dispatch_shipment", "cancel_shipment"}
)


def on_shipments_changed(sender, event_id=None, village_codes=None, **extra) -> None:
    """Shipment delivered or receipt written: supply, delivery and receipt rules."""
    if sender in SENDERS_WITHOUT_ALERT_EFFECT:
        return
    _evaluate_touched(SHIPMENT_RULES, event_id, village_codes, sender)


def on_assessments_changed(sender, event_id=None, village_codes=None, **extra) -> None:
    """Assessment written: supply and delivery rules (severity may have changed)."""
    _evaluate_touched(ASSESSMENT_RULES, event_id, village_codes, sender)


def on_reports_changed(sender, event_id=None, village_codes=None, report_id=None,
                       **extra) -> None:
    """Resident report written: the reports rule; a new report is announced to the channels."""
    from relief.core.demo_loader import loading

    if sender == "file_report" and report_id is not None and not loading():
        notify.enqueue_report(db.session.get(ResidentReport, report_id))
    if event_id is None:
        from relief.events.queries import current_event

        event = current_event()
        event_id = event.id if event else None
    _evaluate_touched(REPORT_RULES, event_id, village_codes, sender)


def connect() -> None:
    """Connect the receivers (idempotent: blinker keeps one connection per receiver)."""
    shipments_changed.connect(on_shipments_changed)
    assessments_changed.connect(on_assessments_changed)
    reports_changed.connect(on_reports_changed)
