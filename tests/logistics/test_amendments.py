"""Corrections of shipments and BASTs as amendments: reason required, original kept,
coverage amended only from the amendment's time on, guards, scope, stale revision, audit."""

import csv
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text

from relief.audit.models import Amendment, AmendmentValue
from relief.coverage.queries import delivered_to_village
from relief.extensions import db
from relief.logistics.models import ReceiptItem, ShipmentItem
from relief.unit_of_work import commit_write
from tests.logistics.conftest import VILLAGE

REASON = "Salah ketik di surat jalan, dicek ulang dengan gudang."


def _delivered(new_shipment, client, headers, bast: bool = True) -> dict:
    return _delivered_from(new_shipment(dispatch=True), client, headers, bast)


def _delivered_from(shipment: dict, client, headers, bast: bool = True) -> dict:
    body = {"version": shipment["version"], "lat": -6.62, "lon": 106.38}
    if bast:
        body.update(
            received_by="Kepala Desa",
            receiver_role="Kepala Desa",
            items=[{"commodity": "rice", "accepted": 400, "rejected": 100, "reason": "basah"}],
        )
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver", json=body, headers=headers
    )
    assert response.status_code == 200, response.json
    return response.json


def _rice(shipment: dict) -> dict:
    return next(i for i in shipment["items"] if i["commodity"] == "rice")


def _amend(client, headers, shipment: dict, revision: int = 1, path: str = "amendments", **body):
    return client.post(
        f"/api/v1/shipments/{shipment['id']}/{path}",
        json={"revision": revision, "reason": REASON, **body},
        headers=headers,
    )


def _amend_rice_bast(client, headers, shipment: dict, line=None):
    """The BAST's rice line corrected to 450 accepted and 50 rejected."""
    line = line or next(i for i in shipment["receipt"]["items"] if i["commodity"] == "rice")
    return _amend(
        client,
        headers,
        shipment,
        path="receipt/amendments",
        items=[{"shipment_item_id": line["shipment_item_id"], "accepted": 450, "rejected": 50}],
    )


def _delivered_now(app, event_id: int, at: datetime) -> float:
    with app.app_context():
        return delivered_to_village(event_id, at, VILLAGE).get("rice", 0.0)


def test_shipment_amendment_keeps_the_original_and_counts_from_its_time_on(
    app, client, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    before = datetime.now(UTC)
    response = _amend(
        client, logistics_headers, shipment, items=[{"id": _rice(shipment)["id"], "quantity": 16}]
    )
    assert response.status_code == 201, response.json
    fields = {c["field"]: (c["old"], c["new"]) for c in response.json["changes"]}
    assert fields == {"quantity": [20.0, 16], "quantity_base": [500.0, 400.0]} or fields == {
        "quantity": (20.0, 16),
        "quantity_base": (500.0, 400.0),
    }
    assert response.json["reason"] == REASON and response.json["revision"] == 2
    after = datetime.now(UTC) + timedelta(seconds=1)
    assert _delivered_now(app, shipment["event_id"], before) == 500.0
    assert _delivered_now(app, shipment["event_id"], after) == 400.0
    # The original stays readable, the amendment is shown beside it.
    got = client.get(f"/api/v1/shipments/{shipment['id']}", headers=logistics_headers).json
    assert _rice(got)["quantity_base"] == 500.0
    assert got["revision"] == 2 and got["amendments"][0]["reason"] == REASON
    with app.app_context():
        assert db.session.get(ShipmentItem, _rice(shipment)["id"]).quantity_base == 500.0
    listed = client.get(f"/api/v1/shipments/{shipment['id']}/amendments", headers=logistics_headers)
    assert [a["revision"] for a in listed.json] == [2]


def test_bast_amendment_changes_accepted_quantity_from_then_on(
    app, client, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers)
    before = datetime.now(UTC)
    response = _amend_rice_bast(client, logistics_headers, shipment)
    assert response.status_code == 201, response.json
    assert _delivered_now(app, shipment["event_id"], before) == 400.0
    assert (
        _delivered_now(app, shipment["event_id"], datetime.now(UTC) + timedelta(seconds=1)) == 450.0
    )
    got = client.get(f"/api/v1/shipments/{shipment['id']}", headers=logistics_headers).json
    assert got["receipt"]["items"][0]["accepted"] == 400.0  # as signed
    assert got["receipt"]["revision"] == 2
    assert got["receipt"]["amendments"][0]["changes"][0]["new"] == 450.0


def test_bast_amendment_cannot_accept_more_than_was_shipped(
    client, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers)
    line = shipment["receipt"]["items"][0]
    response = _amend(
        client,
        logistics_headers,
        shipment,
        path="receipt/amendments",
        items=[{"shipment_item_id": line["shipment_item_id"], "accepted": 600}],
    )
    assert response.status_code == 422
    assert "accepted" in response.json["error"]["fields"]["items"]["0"]


def test_a_reason_is_required(app, client, new_shipment, logistics_headers):
    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    for reason in (None, "", "ralat"):
        body = {"revision": 1, "items": [{"id": _rice(shipment)["id"], "quantity": 16}]}
        if reason is not None:
            body["reason"] = reason
        response = client.post(
            f"/api/v1/shipments/{shipment['id']}/amendments", json=body, headers=logistics_headers
        )
        assert response.status_code == 422
        assert "reason" in response.json["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Amendment)) == 0


def test_an_amendment_that_changes_nothing_is_refused(client, new_shipment, logistics_headers):
    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    response = _amend(
        client, logistics_headers, shipment, items=[{"id": _rice(shipment)["id"], "quantity": 20}]
    )
    assert response.status_code == 422


def test_the_quantity_guard_applies_to_amended_quantities(
    app, client, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    item = {"id": _rice(shipment)["id"], "quantity": 9_000_000, "unit": "kg"}
    refused = _amend(client, logistics_headers, shipment, items=[item])
    assert refused.status_code == 422
    assert "items.0.quantity" in refused.json["error"]["fields"]
    allowed = _amend(
        client,
        logistics_headers,
        shipment,
        items=[item],
        override_reason="Gudang penyangga kecamatan, dibagi ke desa lain.",
    )
    assert allowed.status_code == 201, allowed.json


def test_a_stale_revision_is_refused_with_409(client, new_shipment, logistics_headers):
    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    item = _rice(shipment)["id"]
    assert (
        _amend(
            client, logistics_headers, shipment, items=[{"id": item, "quantity": 16}]
        ).status_code
        == 201
    )
    stale = _amend(client, logistics_headers, shipment, items=[{"id": item, "quantity": 18}])
    assert stale.status_code == 409
    assert "revision" in stale.json["error"]["fields"]
    assert (
        _amend(
            client, logistics_headers, shipment, revision=2, items=[{"id": item, "quantity": 18}]
        ).status_code
        == 201
    )


def test_scope_is_enforced_and_the_ombudsman_cannot_amend(
    app, client, new_shipment, logistics_headers, make_user, token_for
):
    from relief.auth.models import User
    from tests import factories

    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    body = {"items": [{"id": _rice(shipment)["id"], "quantity": 16}]}
    user_id, _, _ = make_user("logistics", area_codes=["36.01"])
    with app.app_context():
        outsider = {"Authorization": f"Bearer {factories.token(db.session.get(User, user_id))}"}
        commit_write()
    refused = _amend(client, outsider, shipment, **body)
    assert refused.status_code == 403, refused.json
    assert _amend(client, token_for("ombudsman"), shipment, **body).status_code == 403
    assert _amend(client, token_for("admin"), shipment, **body).status_code == 201


def test_audit_verify_covers_amendments_and_detects_tampering(
    app, client, runner, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers)
    line = shipment["receipt"]["items"][0]
    assert _amend_rice_bast(client, logistics_headers, shipment, line).status_code == 201
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.execute(
            text("UPDATE amendment_value SET number = 500 WHERE field = 'accepted_base'")
        )
        commit_write()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert "amendment_value row" in result.output and "number" in result.output
    with app.app_context():
        assert db.session.scalar(select(ReceiptItem.accepted_base)) == 400.0
        db.session.execute(text("DELETE FROM amendment_value"))
        commit_write()
        assert db.session.scalar(select(func.count()).select_from(AmendmentValue)) == 0
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0 and "direct DELETE" in result.output


def test_audit_verify_detects_a_forged_amendment(
    app, client, runner, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO amendment (entity, entity_id, revision, event_id, village_code, "
                "reason, at, recorded_at, by) VALUES ('shipment', :id, 2, :event, :village, "
                "'diam-diam', :at, :at, 'x')"
            ),
            {
                "id": shipment["id"],
                "event": shipment["event_id"],
                "village": VILLAGE,
                "at": datetime.now(UTC),
            },
        )
        commit_write()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert "amendment row" in result.output and "direct INSERT" in result.output


def test_shipment_page_corrects_quantities_and_shows_the_history(
    client, login_as, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers)
    login_as("logistics")
    page = client.get(f"/shipments/{shipment['id']}").get_data(as_text=True)
    assert f"/shipments/{shipment['id']}/amend" in page and "Koreksi BAST" in page
    items = shipment["items"]
    response = client.post(
        f"/shipments/{shipment['id']}/amend",
        data={
            "revision": 1,
            "reason": REASON,
            "items-0-item_id": items[0]["id"],
            "items-0-quantity": "22",
            "items-1-item_id": items[1]["id"],
            "items-1-quantity": "10",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get(f"/shipments/{shipment['id']}").get_data(as_text=True)
    assert REASON in page and "Koreksi 1" in page
    assert "<s>500</s> &rarr; <b>550</b>" in page  # base quantity, kg
    got = client.get(f"/api/v1/shipments/{shipment['id']}", headers=logistics_headers).json
    assert _rice(got)["quantity_base"] == 500.0 and got["revision"] == 2


def test_page_correction_without_a_reason_shows_the_message_beside_the_field(
    client, login_as, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers)
    line = shipment["receipt"]["items"][0]
    login_as("logistics")
    response = client.post(
        f"/shipments/{shipment['id']}/receipt/amend",
        data={
            "revision": 1,
            "reason": "",
            "items-0-shipment_item_id": line["shipment_item_id"],
            "items-0-accepted": "450",
            "items-0-rejected": "50",
        },
    )
    assert response.status_code == 422
    assert "Alasan koreksi" in response.get_data(as_text=True)
    response = client.post(
        f"/shipments/{shipment['id']}/receipt/amend",
        data={
            "revision": 1,
            "reason": REASON,
            "items-0-shipment_item_id": line["shipment_item_id"],
            "items-0-accepted": "450",
            "items-0-rejected": "50",
        },
    )
    assert response.status_code == 302


def test_ombudsman_sees_corrections_but_cannot_post_them(
    client, login_as, new_shipment, logistics_headers
):
    shipment = _delivered(new_shipment, client, logistics_headers, bast=False)
    assert (
        _amend(
            client,
            logistics_headers,
            shipment,
            items=[{"id": _rice(shipment)["id"], "quantity": 16}],
        ).status_code
        == 201
    )
    login_as("ombudsman")
    page = client.get(f"/shipments/{shipment['id']}").get_data(as_text=True)
    assert REASON in page and f"/shipments/{shipment['id']}/amend" not in page
    assert (
        client.post(
            f"/shipments/{shipment['id']}/amend", data={"revision": 2, "reason": REASON}
        ).status_code
        == 403
    )


def _exported_rice(client, headers, shipment: dict, query: str = "") -> dict | None:
    """The shipment's rice row of the deliveries CSV (people's header, HXL row skipped)."""
    response = client.get(
        f"/api/v1/exports/deliveries.csv?event_id={shipment['event_id']}{query}", headers=headers
    )
    assert response.status_code == 200, response.text
    lines = response.text.splitlines()
    rows = csv.DictReader([lines[0], *lines[2:]])
    return next(
        (
            r
            for r in rows
            if r["ID pengiriman"] == str(shipment["id"]) and r["Kode barang"] == "rice"
        ),
        None,
    )


def test_the_deliveries_export_counts_amended_quantities_as_coverage_does(
    app, client, new_shipment, logistics_headers
):
    logged = _delivered(new_shipment, client, logistics_headers, bast=False)
    assert _exported_rice(client, logistics_headers, logged)["Dikoreksi"] == "tidak"
    _amend(client, logistics_headers, logged, items=[{"id": _rice(logged)["id"], "quantity": 16}])
    row = _exported_rice(client, logistics_headers, logged)
    assert (row["Jumlah"], row["Jumlah tercatat semula"], row["Dikoreksi"]) == (
        "400.0",
        "500.0",
        "ya",
    )
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert float(row["Jumlah"]) == _delivered_now(app, logged["event_id"], now)

    received = _delivered(new_shipment, client, logistics_headers)
    _amend_rice_bast(client, logistics_headers, received)
    row = _exported_rice(client, logistics_headers, received)
    assert (row["Jumlah"], row["Jumlah tercatat semula"], row["Dikoreksi"]) == (
        "450.0",
        "400.0",
        "ya",
    )


def _as_of(moment: datetime) -> str:
    return "&as_of=" + moment.isoformat().replace("+", "%2B")


def test_the_deliveries_export_as_of_a_moment_shows_what_was_known_then(
    app, client, new_shipment, logistics_headers
):
    before_logged = datetime.now(UTC)
    shipment = new_shipment(dispatch=True)
    in_transit = datetime.now(UTC)
    delivered = _delivered_from(shipment, client, logistics_headers)
    signed = datetime.now(UTC)
    _amend_rice_bast(client, logistics_headers, delivered)

    def row(moment, status=""):
        query = _as_of(moment) + (f"&status={status}" if status else "")
        return _exported_rice(client, logistics_headers, shipment, query)

    assert row(before_logged) is None  # not logged yet
    then = row(in_transit)
    assert (then["Kode status"], then["Tanggal tiba"], then["Jumlah"]) == (
        "dispatched",
        "",
        "500.0",
    )
    assert row(in_transit, "delivered") is None and row(in_transit, "dispatched") is not None
    then = row(signed)
    assert (then["Kode status"], then["Jumlah"], then["Dikoreksi"]) == (
        "delivered",
        "400.0",
        "tidak",
    )
    assert then["Lintang"] == "-6.62"  # where it was handed over
    now = _exported_rice(client, logistics_headers, shipment)
    assert (now["Jumlah"], now["Jumlah tercatat semula"], now["Dikoreksi"]) == (
        "450.0",
        "400.0",
        "ya",
    )
    # What the export counts delivered at each moment is what coverage counted then.
    for moment in (in_transit, signed, datetime.now(UTC) + timedelta(seconds=1)):
        exported = row(moment)
        counted = float(exported["Jumlah"]) if exported["Kode status"] == "delivered" else 0.0
        assert counted == _delivered_now(app, shipment["event_id"], moment)
