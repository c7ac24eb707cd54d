"""A write that loses a race to another request answers 409, never 500; on SQLite a writing
request holds the write lock from its first statement, so nobody can get in between."""

import sqlite3

import pytest
from sqlalchemy import update

from relief.extensions import db
from relief.unit_of_work import commit_write


def _race(app, monkeypatch, shipment_id_seen: list, change):
    from relief.logistics import queries

    read = queries.get_shipment

    def read_then_race(shipment_id):
        loaded = read(shipment_id)
        shipment_id_seen.append(change(shipment_id))
        return loaded

    monkeypatch.setattr(queries, "get_shipment", read_then_race)


def test_a_row_changed_between_read_and_write_answers_409(
    app, client, new_shipment, logistics_headers, monkeypatch
):
    from relief.logistics.models import Shipment

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite: see the next test (no writer can get in between)")
    shipment = new_shipment()

    def another_request_dispatches(shipment_id):
        with app.app_context():
            db.session.execute(
                update(Shipment)
                .where(Shipment.id == shipment_id)
                .values(version=Shipment.version + 1)
            )
            commit_write()

    _race(app, monkeypatch, [], another_request_dispatches)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"]},
        headers=logistics_headers,
    )
    assert response.status_code == 409, response.json
    assert response.json["error"]["code"] == "conflict"


def test_on_sqlite_no_other_writer_gets_between_a_requests_read_and_write(
    app, client, new_shipment, logistics_headers, monkeypatch
):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL: see the previous test (the version check answers 409)")
        database = db.engine.url.database
    shipment = new_shipment()

    def another_writer_tries(shipment_id):
        other = sqlite3.connect(database, timeout=0.2)
        try:
            other.execute("UPDATE shipment SET version = version + 1 WHERE id = ?", (shipment_id,))
            other.commit()
            return "written"
        except sqlite3.OperationalError as error:
            return str(error)
        finally:
            other.close()

    outcomes: list = []
    _race(app, monkeypatch, outcomes, another_writer_tries)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/dispatch",
        json={"version": shipment["version"]},
        headers=logistics_headers,
    )
    assert outcomes == ["database is locked"]
    assert response.status_code == 200, response.json
