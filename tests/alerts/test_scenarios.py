"""One end-to-end scenario per rule: a write, the alert appears, the condition clears."""

from sqlalchemy import update

from relief.extensions import db
from relief.unit_of_work import commit_write
from tests.alerts.conftest import NEIGHBOUR, VILLAGE


def only(items: list[dict]) -> dict:
    assert len(items) == 1, items
    return items[0]


def test_no_delivery_opens_critical_then_clears_when_a_delivery_arrives(assess, ship, alerts_of):
    assess(severity=3, hours_ago=49)
    alert = only(alerts_of("no_delivery"))
    assert (alert["level"], alert["category"], alert["state"]) == (
        "critical",
        "tidak_memberikan_pelayanan",
        "open",
    )
    assert alert["village_code"] == VILLAGE and alert["condition_cleared_at"] is None
    ship(receipt=[{"commodity": "rice", "accepted": 50}])
    cleared = only(alerts_of("no_delivery"))
    assert cleared["condition_cleared_at"] is not None and cleared["state"] == "open"


def test_unconfirmed_opens_for_old_delivery_and_clears_with_the_receipt(
    client, ship, alerts_of, logistics
):
    shipment = ship(hours_ago=73)
    alert = only(alerts_of("unconfirmed"))
    assert (alert["level"], alert["category"]) == ("warning", "penyimpangan_prosedur")
    receipt = client.post(
        f"/api/v1/shipments/{shipment['id']}/receipt",
        json={"received_by": "Kepala Desa", "items": [{"commodity": "rice", "accepted": 50}]},
        headers=logistics,
    )
    assert receipt.status_code == 201, receipt.json
    assert only(alerts_of("unconfirmed"))["condition_cleared_at"] is not None


def test_receipt_gap_opens_when_accepted_is_below_95_percent(ship, alerts_of):
    ship(
        rice_sacks=4,
        receipt=[{"commodity": "rice", "accepted": 90, "rejected": 10, "reason": "basah"}],
    )
    alert = only(alerts_of("receipt_gap"))
    assert alert["commodity_code"] == "rice"
    assert alert["facts"] == {"logged": 100.0, "accepted": 90.0, "ratio": 0.9}


def test_location_mismatch_opens_when_geodata_reports_a_far_delivery(app, ship, alerts_of):
    from relief.core import changes
    from relief.logistics.models import Shipment

    shipment = ship(receipt=[{"commodity": "rice", "accepted": 50}])
    assert alerts_of("location_mismatch") == []
    with app.app_context():
        db.session.execute(
            update(Shipment).where(Shipment.id == shipment["id"]).values(delivery_distance_m=2500.0)
        )
        changes.note_villages(changes.SHIPMENTS, "geodata", shipment["event_id"], {VILLAGE})
        commit_write()
    alert = only(alerts_of("location_mismatch"))
    assert alert["facts"]["max_distance_m"] == 2500


def test_resident_reports_payment_demanded_opens_critical_permintaan_imbalan(
    client, scenario, alerts_of
):
    response = client.post(
        "/api/v1/reports",
        json={
            "village_code": VILLAGE,
            "category": "payment_demanded",
            "text": "Diminta bayar Rp20.000 untuk beras.",
        },
    )
    assert response.status_code == 201, response.json
    alert = only(alerts_of("resident_reports"))
    assert (alert["level"], alert["category"]) == ("critical", "permintaan_imbalan")


def test_resident_reports_three_not_received_open_a_warning(client, scenario, alerts_of):
    for n in range(3):
        assert alerts_of("resident_reports") == []
        client.post(
            "/api/v1/reports",
            json={
                "village_code": VILLAGE,
                "category": "not_received",
                "text": f"Belum menerima bantuan apa pun ({n}).",
            },
        )
    assert only(alerts_of("resident_reports"))["level"] == "warning"


def test_undersupplied_opens_critical_and_clears_when_enough_rice_arrives(assess, ship, alerts_of):
    assess(severity=5, displaced=100, hours_ago=80)
    ship(rice_sacks=1, receipt=[{"commodity": "rice", "accepted": 25}])
    alerts = {a["commodity_code"]: a for a in alerts_of("undersupplied")}
    assert set(alerts) == {"rice", "medicine", "clothing"}  # nothing else arrived either
    assert (alerts["rice"]["level"], alerts["rice"]["category"]) == (
        "critical",
        "penundaan_berlarut",
    )
    assert alerts["rice"]["facts"]["delivered"] == 25.0
    ship(rice_sacks=40, receipt=[{"commodity": "rice", "accepted": 1000}])
    alerts = {a["commodity_code"]: a for a in alerts_of("undersupplied")}
    assert alerts["rice"]["condition_cleared_at"] is not None
    assert alerts["medicine"]["condition_cleared_at"] is None


def test_inequity_opens_for_the_regency_when_worst_hit_are_covered_worse(assess, ship, alerts_of):
    assess(VILLAGE, severity=5, displaced=50)
    assess(NEIGHBOUR, severity=2, displaced=5)
    ship(NEIGHBOUR, rice_sacks=1, receipt=[{"commodity": "rice", "accepted": 25}])
    alert = only(alerts_of("inequity"))
    assert (alert["village_code"], alert["regency_code"], alert["category"]) == (
        "36.02",
        "36.02",
        "diskriminasi",
    )
