"""The demo scenario loaded once per test module, for the page tests of issue 19."""

from sqlalchemy import select

from relief.extensions import db
from relief.unit_of_work import commit_write

DEMO_PASSWORD = "bantuan2020"


def loaded_demo(app):
    """Load the demo, yield the ids the page tests visit, empty the tables afterwards."""
    from relief.demo.loader import load_demo

    with app.app_context():
        load_demo()
        commit_write()
        ids = demo_ids()
        db.session.remove()
    yield ids
    with app.app_context():
        from tests.conftest import REFERENCE_TABLES, _restore_reference_audit

        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        _restore_reference_audit()
        commit_write()
        db.session.remove()


def demo_ids() -> dict:
    """A report answered, an alert with a logistics action, a shipment with its BAST."""
    from relief.alerts.models import Alert, AlertAction
    from relief.complaints.models import ResidentReport
    from relief.demo.events import demo_event
    from relief.logistics.models import Receipt, Shipment

    answered = db.session.scalar(
        select(ResidentReport).where(ResidentReport.state == "answered").order_by(ResidentReport.id)
    )
    acted = db.session.scalar(
        select(AlertAction.alert_id)
        .where(AlertAction.role == "logistics")
        .order_by(AlertAction.alert_id)
    )
    with_receipt = db.session.scalar(
        select(Shipment.id).join(Receipt, Receipt.shipment_id == Shipment.id).order_by(Shipment.id)
    )
    first_alert = db.session.scalar(select(Alert.id).order_by(Alert.id))
    return {
        "report": answered.id,
        "tracking": answered.tracking_code,
        "village": answered.village_code,
        "alert": acted or first_alert,
        "shipment": with_receipt,
        "replay_event": demo_event().id,
    }
