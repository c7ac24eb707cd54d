"""Logging a shipment in few statements: what one POST sends, and what the fewer keep."""

import json
from contextlib import contextmanager

from sqlalchemy import event, func, select
from sqlalchemy.engine.default import CacheStats

from relief.audit.models import AuditEntry
from relief.audit.queries import verify_chain
from relief.audit.state import ROWS, state_of
from relief.audit.verify import verify_rows
from relief.auth.models import User
from relief.extensions import db
from relief.logistics.amendments import amend_shipment
from relief.logistics.models import Shipment
from relief.unit_of_work import commit_write

REASON = "Plat nomor salah ketik, dicek ulang dengan sopir."


@contextmanager
def _statements(app, compiled: list | None = None):
    """The SQL statements sent meanwhile (transaction control left out); `compiled` gets
    those that SQLAlchemy compiled afresh instead of taking from its cache."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):
            seen.append(" ".join(statement.split()))
            if compiled is not None and context.cache_hit is not CacheStats.CACHE_HIT:
                compiled.append(f"{context.cache_hit.name}: {statement}")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_logging_a_shipment_sends_one_statement_per_step(
    app, client, shipment_body, logistics_headers
):
    # token; event, depot, village, the new id and the commodities with units and norms;
    # the shipment (waybill included), its items, its first step (one statement on
    # PostgreSQL: inserts in WITH); the audit head, the entry and the head's move (one
    # statement with the entry on PostgreSQL). SQLite inserts the two item lines one by one:
    # it cannot tell which returned row answers which line.
    body = shipment_body()
    assert len(body["items"]) == 2
    client.post("/api/v1/shipments", json=body, headers=logistics_headers)  # compiles them
    compiled: list[str] = []
    with _statements(app, compiled) as seen:
        response = client.post("/api/v1/shipments", json=body, headers=logistics_headers)
    assert response.status_code == 201, response.json
    assert compiled == []  # every statement built so that SQLAlchemy can cache it
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    assert len(seen) == (5 if postgresql else 9), "\n".join(seen)
    assert not [s for s in seen if s.startswith("UPDATE shipment")]  # the waybill: no update
    assert not [s for s in seen if "FROM amendment" in s]  # a new shipment has none
    assert not [s for s in seen if s.startswith("SELECT norm")]  # read with the commodities
    assert not [s for s in seen if s.startswith("SELECT commodity")]  # with the references
    # at most 5 statements on PostgreSQL, 9 on SQLite, whatever the number of item lines
    body["items"] = [
        {"commodity": ("rice", "medicine")[n % 2], "quantity": 7 - n, "unit": ("kg", "kit")[n % 2]}
        for n in range(6)
    ]
    with _statements(app, compiled) as seen:
        response = client.post("/api/v1/shipments", json=body, headers=logistics_headers)
    assert response.status_code == 201, response.json
    answered = [(i["commodity"], i["quantity"], i["unit"]) for i in response.json["items"]]
    assert answered == [(i["commodity"], i["quantity"], i["unit"]) for i in body["items"]]
    assert [i["id"] for i in response.json["items"]] == sorted(
        i["id"] for i in response.json["items"]
    )
    assert len(seen) == (5 if postgresql else 13), "\n".join(seen)
    assert compiled == []


def test_a_logged_shipment_answers_as_stored_and_its_entry_verifies(
    app, client, shipment_body, logistics_headers
):
    first = client.post("/api/v1/shipments", json=shipment_body(), headers=logistics_headers)
    second = client.post("/api/v1/shipments", json=shipment_body(), headers=logistics_headers)
    assert first.status_code == second.status_code == 201
    assert second.json["id"] > first.json["id"]
    stored = client.get(f"/api/v1/shipments/{second.json['id']}", headers=logistics_headers)
    assert stored.json == second.json
    assert second.json["waybill_no"] == f"SJ/BJR2020/{second.json['id']:06d}"
    assert (second.json["version"], second.json["revision"], second.json["amendments"]) == (
        2,
        1,
        [],
    )
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.action == "create_shipment")
        )
        assert sorted(actions) == sorted([str(first.json["id"]), str(second.json["id"])])
        assert verify_chain()[1] is None
        assert verify_rows() == []  # each row as its entry recorded it


def test_shipments_logged_in_one_transaction_get_their_own_ids_and_waybills(
    app, shipment_body, make_user
):
    from relief.logistics.schemas import ShipmentCreateSchema
    from relief.logistics.services import create_shipment

    admin_id, _, _ = make_user("admin")
    with app.app_context():
        user = db.session.get(User, admin_id)
        made = [
            create_shipment(ShipmentCreateSchema().load(shipment_body()), user, is_demo=True)
            for _ in range(3)
        ]
        commit_write()
        ids = [s.id for s in made]
        assert len(set(ids)) == 3
        rows = db.session.execute(
            select(Shipment.id, Shipment.waybill_no).where(Shipment.id.in_(ids))
        ).all()
        assert sorted(rows) == sorted((i, f"SJ/BJR2020/{i:06d}") for i in ids)


def test_a_shipment_read_before_its_amendment_lists_the_amendment_after(
    app, client, shipment_body, logistics_headers, make_user
):
    created = client.post("/api/v1/shipments", json=shipment_body(), headers=logistics_headers)
    admin_id, _, _ = make_user("admin")
    with app.app_context():
        shipment = db.session.get(Shipment, created.json["id"])
        assert shipment.amendments == []
        amend_shipment(
            shipment,
            {"revision": 1, "reason": REASON, "vehicle_plate": "B 9876 CD"},
            db.session.get(User, admin_id),
        )
        assert [a.revision for a in shipment.amendments] == [2]
        commit_write()
    answer = client.get(f"/api/v1/shipments/{created.json['id']}", headers=logistics_headers)
    assert answer.json["revision"] == 2
    assert [a["reason"] for a in answer.json["amendments"]] == [REASON]


def test_a_new_idempotency_key_costs_two_statements_and_its_replay_creates_nothing(
    app, client, shipment_body, logistics_headers
):
    body = shipment_body()
    client.post("/api/v1/shipments", json=body, headers=logistics_headers)
    with _statements(app) as plain:
        client.post("/api/v1/shipments", json=body, headers=logistics_headers)
    keyed = {**logistics_headers, "Idempotency-Key": "soak-7-1"}
    with _statements(app) as seen:
        first = client.post("/api/v1/shipments", json=body, headers=keyed)
    assert first.status_code == 201
    # the key's reservation (an insert that does nothing for a used key) and its answer
    assert len(seen) == len(plain) + 2, "\n".join(seen)
    replay = client.post("/api/v1/shipments", json=body, headers=keyed)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json == first.json
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Shipment))
    assert count == 3


def test_the_entry_records_the_returned_rows_as_their_objects_would(
    app, client, shipment_body, logistics_headers
):
    # the create path records plain returned rows (table_rows_state); a later write records
    # the same rows from ORM objects (state_of): both must read alike, or verify would flag them
    created = client.post("/api/v1/shipments", json=shipment_body(), headers=logistics_headers)
    assert created.status_code == 201
    with app.app_context():
        payload = db.session.scalar(
            select(AuditEntry.payload).where(
                AuditEntry.action == "create_shipment",
                AuditEntry.entity_id == str(created.json["id"]),
            )
        )
        shipment = db.session.get(Shipment, created.json["id"])
        assert json.loads(payload)[ROWS] == state_of(shipment, *shipment.items, *shipment.history)


def test_a_shipment_logged_for_the_api_leaves_no_object_in_the_session(
    app, shipment_body, make_user
):
    from relief.logistics.schemas import ShipmentCreateSchema, ShipmentSchema
    from relief.logistics.services import create_shipment, log_shipment

    admin_id, _, _ = make_user("admin")
    with app.app_context():
        user = db.session.get(User, admin_id)
        logged = log_shipment(ShipmentCreateSchema().load(shipment_body()), user, is_demo=True)
        assert not [o for o in db.session.identity_map.values() if isinstance(o, Shipment)]
        answer = ShipmentSchema().dump(logged)
        loaded = create_shipment(ShipmentCreateSchema().load(shipment_body()), user, is_demo=True)
        commit_write()
        # the plain answer has every field of the ORM object's, and the same values
        again = ShipmentSchema().dump(loaded)
        assert set(answer) == set(again)
        differing = {k for k in answer if answer[k] != again[k]}
        assert differing <= {"id", "waybill_no", "created_at", "items", "history"}
        assert [dict(i, id=None) for i in answer["items"]] == [
            dict(i, id=None) for i in again["items"]
        ]
