"""The public village page and the coverage API count "delivered" the same way, at the same
moment, whatever the shipments, receipts and moment (one definition, in coverage.queries)."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, update

from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Receipt, ReceiptItem, Shipment, ShipmentItem
from relief.public.status import village_status
from relief.unit_of_work import commit_write
from tests.public.conftest import VILLAGE

START = datetime(2020, 1, 1, tzinfo=UTC)
hours = st.integers(min_value=0, max_value=24 * 14)
shipment = st.fixed_dictionaries(
    {
        "commodity": st.sampled_from(["rice", "clothing", "medicine"]),
        "quantity": st.integers(min_value=1, max_value=5000),
        "status": st.sampled_from(["delivered", "delivered", "dispatched", "cancelled"]),
        "delivered_h": hours,
        "receipt": st.none() | st.tuples(st.floats(min_value=0, max_value=1), hours),
    }
)


def _store(event_id: int, depot_id: int, n: int, spec: dict) -> None:
    at = START + timedelta(hours=spec["delivered_h"])
    row = Shipment(
        waybill_no=f"P-{n}",
        event_id=event_id,
        origin_depot_id=depot_id,
        destination_code=VILLAGE,
        status=spec["status"],
        version=1,
        dispatched_at=at - timedelta(hours=1),
        delivered_at=at if spec["status"] == "delivered" else None,
    )
    item = ShipmentItem(
        commodity_code=spec["commodity"],
        quantity=spec["quantity"],
        unit="kg",
        quantity_base=spec["quantity"],
    )
    row.items.append(item)
    db.session.add(row)
    db.session.flush()
    if spec["status"] == "delivered" and spec["receipt"] is not None:
        share, after_h = spec["receipt"]
        receipt = Receipt(
            shipment_id=row.id,
            received_by="Sekdes",
            receiver_role="Sekdes",
            received_at=at + timedelta(hours=after_h),
            channel="staff",
        )
        receipt.items.append(
            ReceiptItem(
                shipment_item_id=item.id,
                commodity_code=spec["commodity"],
                accepted_base=round(spec["quantity"] * share, 3),
            )
        )
        db.session.add(receipt)


@pytest.fixture
def ombudsman_headers(token_for, make_assessment) -> dict:
    """The village assessed once and an Ombudsman token, shared by every example."""
    make_assessment()
    return token_for("ombudsman")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=st.lists(shipment, min_size=1, max_size=5), moment_h=hours)
def test_public_delivered_equals_the_coverage_api(
    app, client, event, ombudsman_headers, specs, moment_h
):
    from relief.logistics.models import Depot

    moment = START + timedelta(hours=moment_h)
    with app.app_context():
        db.session.execute(delete(ReceiptItem))
        db.session.execute(delete(Receipt))
        db.session.execute(delete(ShipmentItem))
        db.session.execute(delete(Shipment))
        depot = db.session.scalar(db.select(Depot)) or Depot(
            name="Gudang uji", kind="gudang", regency_code="36.02"
        )
        db.session.add(depot)
        db.session.flush()
        for n, spec in enumerate(specs):
            _store(event, depot.id, n, spec)
        # A replayed event is judged at its moment, by the page and the API alike.
        db.session.execute(update(Event).where(Event.id == event).values(scenario_at=moment))
        commit_write()
    with app.test_request_context():
        public = {d["commodity"]: d["quantity"] for d in village_status(VILLAGE)["delivered"]}
    rows = client.get(
        "/api/v1/coverage",
        headers=ombudsman_headers,
        query_string={"level": "village", "parent": VILLAGE, "as_of": moment.isoformat()},
    ).get_json()
    api = {r["commodity"]: round(r["delivered"], 3) for r in rows if r["delivered"]}
    assert {c: q for c, q in public.items() if q} == api
