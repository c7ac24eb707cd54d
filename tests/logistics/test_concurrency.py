"""Concurrent writers: none lost, idempotent duplicates create one shipment."""

import threading

from relief.extensions import db


def _run_threads(app, count, request_fn) -> list[int]:
    statuses: list[int] = []
    barrier = threading.Barrier(count)

    def worker():
        client = app.test_client()
        barrier.wait()
        statuses.append(request_fn(client).status_code)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _shipments(app):
    from relief.logistics.models import Shipment

    with app.app_context():
        return list(db.session.query(Shipment.id, Shipment.waybill_no))


def test_eight_threads_creating_shipments_lose_none(app, shipment_body, logistics_headers):
    body = shipment_body()
    statuses = _run_threads(
        app, 8, lambda c: c.post("/api/v1/shipments", json=body, headers=logistics_headers)
    )
    assert statuses == [201] * 8
    rows = _shipments(app)
    assert len(rows) == 8
    assert len({waybill for _, waybill in rows}) == 8


def test_audit_chain_holds_after_concurrent_writes(app, runner, shipment_body, logistics_headers):
    body = shipment_body()
    _run_threads(
        app, 8, lambda c: c.post("/api/v1/shipments", json=body, headers=logistics_headers)
    )
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "10 entries" in result.output  # the norms, the user, 8 shipments


def test_concurrent_duplicates_with_one_key_create_one_shipment(
    app, shipment_body, logistics_headers
):
    body = shipment_body()
    headers = {**logistics_headers, "Idempotency-Key": "twin"}
    statuses = _run_threads(
        app, 4, lambda c: c.post("/api/v1/shipments", json=body, headers=headers)
    )
    assert len(_shipments(app)) == 1
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
