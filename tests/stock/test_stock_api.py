"""The stock API: entries, on hand as of a moment, dispatch beyond stock refused (409) unless
an admin override is in force, counts with variance, returns tied to a BAST."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from relief.audit.models import PlausibilityOverride
from relief.audit.verify import verify_rows
from relief.extensions import db
from relief.stock.models import StockEntry


def _stock_url(depot_id: int, tail: str = "stock-entries") -> str:
    return f"/api/v1/depots/{depot_id}/{tail}"


def _receive(client, headers, depot_id, **body):
    data = {
        "kind": "receipt",
        "commodity": "rice",
        "quantity": 10,
        "unit": "sack25",
        "source": "bulog",
        "document_no": "DO-BULOG/2020/001",
        **body,
    }
    return client.post(_stock_url(depot_id), json=data, headers=headers)


def _on_hand(client, headers, depot_id, as_of=None) -> dict:
    query = {"as_of": as_of.isoformat()} if as_of else {}
    response = client.get(_stock_url(depot_id, "stock"), query_string=query, headers=headers)
    assert response.status_code == 200, response.json
    return {i["commodity"]: i["on_hand"] for i in response.json["items"]}


def test_receipt_in_any_unit_is_kept_in_base_units_and_starts_tracking(
    client, scenario, logistics_headers
):
    depot = scenario["origin_depot_id"]
    response = _receive(client, logistics_headers, depot)
    assert response.status_code == 201, response.json
    assert (response.json["quantity"], response.json["unit"], response.json["change_base"]) == (
        10,
        "sack25",
        250,
    )
    stock = client.get(_stock_url(depot, "stock"), headers=logistics_headers).json
    assert stock["tracked"] is True
    assert stock["items"] == [
        {"commodity": "rice", "name": "Beras", "on_hand": 250.0, "unit": "kg"}
    ]


def test_on_hand_as_of_a_moment(client, scenario, logistics_headers, app):
    depot = scenario["origin_depot_id"]
    now = datetime.now(UTC)
    day = timedelta(days=1)
    assert (
        _receive(
            client, logistics_headers, depot, occurred_at=(now - 3 * day).isoformat()
        ).status_code
        == 201
    )
    assert (
        _receive(
            client,
            logistics_headers,
            depot,
            quantity=4,
            document_no="DO-2",
            occurred_at=(now - day).isoformat(),
        ).status_code
        == 201
    )
    assert _on_hand(client, logistics_headers, depot, now - 4 * day) == {}
    assert _on_hand(client, logistics_headers, depot, now - 2 * day) == {"rice": 250.0}
    assert _on_hand(client, logistics_headers, depot) == {"rice": 350.0}


def test_receipt_needs_source_and_document(client, scenario, logistics_headers):
    response = client.post(
        _stock_url(scenario["origin_depot_id"]),
        json={"kind": "receipt", "commodity": "rice", "quantity": 5},
        headers=logistics_headers,
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"source", "document_no"}


def test_dispatch_writes_the_ledger_and_beyond_stock_is_refused_with_the_figures(
    client, scenario, logistics_headers, new_shipment, app
):
    depot = scenario["origin_depot_id"]
    assert _receive(client, logistics_headers, depot, quantity=40).status_code == 201  # 1000 kg
    assert (
        _receive(
            client,
            logistics_headers,
            depot,
            commodity="medicine",
            quantity=5,
            unit="kit",
            source="kemensos",
            document_no="BAST-K/1",
        ).status_code
        == 201
    )
    shipment = new_shipment()  # 500 kg rice, 10 kits
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"]},
        headers=logistics_headers,
    )
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "insufficient_stock"
    assert error["fields"]["shortages"] == [
        {"commodity": "medicine", "on_hand": 5.0, "requested": 10.0, "unit": "kit"}
    ]
    assert "Obat" in error["message"] and "stok 5 kit, diminta 10 kit" in error["message"]
    assert (
        client.get(f"/api/v1/shipments/{shipment['id']}", headers=logistics_headers).json["status"]
        == "planned"
    )
    assert (
        _receive(
            client,
            logistics_headers,
            depot,
            commodity="medicine",
            quantity=5,
            unit="kit",
            source="kemensos",
            document_no="BAST-K/2",
        ).status_code
        == 201
    )
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"]},
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    assert _on_hand(client, logistics_headers, depot) == {"rice": 500.0, "medicine": 0.0}
    entries = client.get(
        _stock_url(depot), query_string={"kind": "dispatch"}, headers=logistics_headers
    ).json["items"]
    assert sorted((e["commodity"], e["change_base"], e["shipment_id"]) for e in entries) == [
        ("medicine", -10.0, shipment["id"]),
        ("rice", -500.0, shipment["id"]),
    ]
    with app.app_context():
        assert verify_rows() == []


def test_admin_override_lets_a_dispatch_exceed_stock_and_is_recorded(
    client, scenario, logistics_headers, new_shipment, token_for, app
):
    depot = scenario["origin_depot_id"]
    assert _receive(client, logistics_headers, depot, quantity=4).status_code == 201  # 100 kg
    admin = token_for("admin")
    refused = client.post(
        _stock_url(depot, "stock-overrides"), json={"reason": "x"}, headers=logistics_headers
    )
    assert refused.status_code == 403
    override = client.post(
        _stock_url(depot, "stock-overrides"),
        json={"commodity": "rice", "reason": "Beras Bulog tiba malam, DO menyusul", "hours": 6},
        headers=admin,
    )
    assert override.status_code == 201, override.json
    shipment = new_shipment(items=[{"commodity": "rice", "quantity": 20, "unit": "sack25"}])
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"]},
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    entry = client.get(
        _stock_url(depot), query_string={"kind": "dispatch"}, headers=logistics_headers
    ).json["items"][0]
    assert entry["override_id"] == override.json["id"]
    assert entry["override_reason"] == "Beras Bulog tiba malam, DO menyusul"
    assert _on_hand(client, logistics_headers, depot) == {"rice": -400.0}
    with app.app_context():
        flagged = db.session.scalars(select(PlausibilityOverride)).all()
        assert [(f.guard, f.entity_id) for f in flagged] == [("stock_on_hand", str(shipment["id"]))]


def test_untracked_depot_dispatches_without_stock(
    client, scenario, logistics_headers, new_shipment
):
    shipment = new_shipment(dispatch=True)
    assert shipment["status"] == "dispatched"
    stock = client.get(
        _stock_url(scenario["origin_depot_id"], "stock"), headers=logistics_headers
    ).json
    assert stock["tracked"] is False
    assert {i["commodity"]: i["on_hand"] for i in stock["items"]} == {
        "rice": -500.0,
        "medicine": -10.0,
    }


def test_tracking_since_excludes_earlier_lines_and_admin_may_stop_it(
    client, scenario, logistics_headers, new_shipment, token_for
):
    depot = scenario["origin_depot_id"]
    new_shipment(dispatch=True)  # before tracking: history only
    assert _receive(client, logistics_headers, depot, quantity=40).status_code == 201
    assert _on_hand(client, logistics_headers, depot) == {"rice": 1000.0}
    admin = token_for("admin")
    response = client.put(
        _stock_url(depot, "stock-tracking"), json={"tracked_since": None}, headers=admin
    )
    assert response.status_code == 200
    stock = client.get(_stock_url(depot, "stock"), headers=logistics_headers).json
    assert stock["tracked"] is False


def test_count_records_variance_against_derived_on_hand(client, scenario, logistics_headers):
    depot = scenario["origin_depot_id"]
    assert _receive(client, logistics_headers, depot, quantity=40).status_code == 201
    response = client.post(
        _stock_url(depot),
        json={"kind": "count", "commodity": "rice", "quantity": 970, "note": "opname bulanan"},
        headers=logistics_headers,
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["on_hand_before"], body["counted_base"], body["variance_base"]) == (
        1000.0,
        970.0,
        -30.0,
    )
    assert _on_hand(client, logistics_headers, depot) == {"rice": 970.0}


def test_loss_needs_a_reason_and_cannot_exceed_stock(client, scenario, logistics_headers):
    depot = scenario["origin_depot_id"]
    assert _receive(client, logistics_headers, depot, quantity=4).status_code == 201
    no_reason = client.post(
        _stock_url(depot),
        json={"kind": "loss", "commodity": "rice", "quantity": 10},
        headers=logistics_headers,
    )
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json["error"]["fields"]
    too_much = client.post(
        _stock_url(depot),
        json={"kind": "loss", "commodity": "rice", "quantity": 101, "reason": "spoiled"},
        headers=logistics_headers,
    )
    assert too_much.status_code == 409
    ok = client.post(
        _stock_url(depot),
        json={"kind": "loss", "commodity": "rice", "quantity": 25, "reason": "stolen"},
        headers=logistics_headers,
    )
    assert ok.status_code == 201
    assert _on_hand(client, logistics_headers, depot) == {"rice": 75.0}


def test_return_tied_to_bast_rejection_is_bounded(
    client, scenario, logistics_headers, new_shipment
):
    depot = scenario["origin_depot_id"]
    shipment = new_shipment(dispatch=True)
    delivered = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver",
        json={
            "version": shipment["version"],
            "received_by": "Kades",
            "receiver_role": "Kades",
            "items": [{"commodity": "rice", "accepted": 450, "rejected": 50, "reason": "basah"}],
        },
        headers=logistics_headers,
    )
    assert delivered.status_code == 200, delivered.json
    body = {"kind": "return", "commodity": "rice", "shipment_id": shipment["id"]}
    too_much = client.post(
        _stock_url(depot), json={**body, "quantity": 60}, headers=logistics_headers
    )
    assert too_much.status_code == 422
    assert (
        client.post(
            _stock_url(depot), json={**body, "quantity": 50}, headers=logistics_headers
        ).status_code
        == 201
    )
    again = client.post(_stock_url(depot), json={**body, "quantity": 1}, headers=logistics_headers)
    assert again.status_code == 422


def test_cancelling_a_dispatched_shipment_brings_the_goods_back(
    client, scenario, logistics_headers, new_shipment
):
    shipment = new_shipment(dispatch=True)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/cancel",
        json={"version": shipment["version"], "reason": "jalan putus"},
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    assert _on_hand(client, logistics_headers, scenario["origin_depot_id"]) == {
        "rice": 0.0,
        "medicine": 0.0,
    }


def test_stock_entries_of_another_organisations_depot_are_refused(client, app, scenario, make_user):
    from relief.auth.models import User
    from relief.organisations.models import Organisation
    from relief.unit_of_work import commit_write
    from tests import factories

    with app.app_context():
        other = Organisation(name="Dinsos Pandeglang", kind="dinsos", regency_codes=["36.01"])
        db.session.add(other)
        commit_write()
        other_id = other.id
    user_id = make_user(organisation_id=other_id)[0]
    with app.app_context():
        token = factories.token(db.session.get(User, user_id))
        commit_write()
    response = _receive(client, {"Authorization": f"Bearer {token}"}, scenario["origin_depot_id"])
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(StockEntry.id)) is None


def test_a_repeated_entry_with_the_same_idempotency_key_is_recorded_once(
    client, scenario, logistics_headers, app
):
    headers = {**logistics_headers, "Idempotency-Key": "opname-2020-01-05-lbk"}
    body = {"kind": "count", "commodity": "rice", "quantity": 12}
    url = _stock_url(scenario["origin_depot_id"])
    first = client.post(url, json=body, headers=headers)
    again = client.post(url, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json["id"] == again.json["id"]
    with app.app_context():
        assert len(db.session.scalars(select(StockEntry)).all()) == 1


def test_a_dispatch_holds_its_depots_ledger_while_it_checks_the_stock(
    client, scenario, logistics_headers, new_shipment, app, monkeypatch
):
    """Two dispatches racing for the last sacks: while one reads the on-hand figure, no other
    writer can take the depot's ledger (PostgreSQL: an advisory lock; SQLite: the writer
    already holds the whole database, tests/core/test_concurrent_change.py)."""
    import sqlalchemy as sa

    from relief.stock import queries

    depot = scenario["origin_depot_id"]
    assert _receive(client, logistics_headers, depot, quantity=40).status_code == 201
    assert (
        _receive(
            client,
            logistics_headers,
            depot,
            commodity="medicine",
            quantity=10,
            unit="kit",
            source="kemensos",
            document_no="BAST-K/1",
        ).status_code
        == 201
    )
    shipment = new_shipment()
    with app.app_context():
        url, dialect = db.engine.url, db.engine.dialect.name
    seen = []
    read = queries.available_from

    def read_while_another_writer_tries(*args, **kwargs):
        other = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with other.connect() as conn:
                if dialect == "postgresql":
                    seen.append(
                        conn.execute(
                            sa.text("SELECT pg_try_advisory_xact_lock(18001, :d)"), {"d": depot}
                        ).scalar()
                    )
                else:
                    conn.exec_driver_sql("PRAGMA busy_timeout = 100")
                    try:
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                        seen.append(True)
                    except sa.exc.OperationalError:
                        seen.append(False)
        finally:
            other.dispose()
        return read(*args, **kwargs)

    monkeypatch.setattr(queries, "available_from", read_while_another_writer_tries)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"]},
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    assert seen == [False]  # the other writer could not get in while the stock was read


def test_a_depot_emptied_by_fractions_holds_zero_not_minus_zero(
    client, scenario, logistics_headers
):
    depot = scenario["origin_depot_id"]
    assert _receive(client, logistics_headers, depot, quantity=0.3, unit="kg").status_code == 201
    for quantity in (0.1, 0.2):  # 0.3 - 0.1 - 0.2 is -2.8e-17 in floating point
        response = client.post(
            _stock_url(depot),
            json={"kind": "loss", "commodity": "rice", "quantity": quantity, "reason": "spoiled"},
            headers=logistics_headers,
        )
        assert response.status_code == 201, response.json
    on_hand = _on_hand(client, logistics_headers, depot)["rice"]
    assert on_hand == 0.0 and str(on_hand) == "0.0"
