"""Soak: 8 concurrent writers create, dispatch and deliver shipments through the API.

Every shipment must be present exactly once, every replayed Idempotency-Key must return the
first answer, every stale version must answer 409, and the audit chain must verify afterwards.
RELIEF_SOAK_PER_WRITER sets the shipments per writer: 10 in the suite (80 shipments, 400
requests, a few seconds); `bench/soak_bench.py` runs the same test at 500 per writer (4,000
shipments, 20,000 requests), the long soak issue 7 asked for.
"""

import os
import threading

from sqlalchemy import func, select

from relief.extensions import db

WRITERS = 8
PER_WRITER = int(os.environ.get("RELIEF_SOAK_PER_WRITER", "10"))


def _writer(app, headers, body, writer_no, problems, barrier):
    client = app.test_client()
    barrier.wait()
    for i in range(PER_WRITER):
        key = {"Idempotency-Key": f"soak-{writer_no}-{i}", **headers}
        first = client.post("/api/v1/shipments", json=body, headers=key)
        replay = client.post("/api/v1/shipments", json=body, headers=key)
        if first.status_code != 201 or replay.status_code != 201 or replay.json != first.json:
            problems.append(("create/replay", writer_no, i, first.status_code, replay.status_code))
            continue
        shipment = first.json
        url = f"/api/v1/shipments/{shipment['id']}"
        dispatch = client.post(
            f"{url}/dispatch", headers=headers, json={"version": shipment["version"]}
        )
        stale = client.post(
            f"{url}/cancel",
            headers=headers,
            json={"version": shipment["version"], "reason": "uji versi lama"},
        )
        if dispatch.status_code != 200 or stale.status_code != 409:
            problems.append(
                ("dispatch/stale", writer_no, i, dispatch.status_code, stale.status_code)
            )
            continue
        deliver = client.post(
            f"{url}/deliver",
            headers=headers,
            json={
                "version": dispatch.json["version"],
                "lat": -6.53,
                "lon": 106.24,
                "override_reason": "uji: titik di luar desa",
            },
        )  # 15.6 km out: a guard asks why
        if deliver.status_code != 200:
            problems.append(("deliver", writer_no, i, deliver.status_code, deliver.json))


def test_concurrent_writers_lose_nothing_replay_first_answers_and_refuse_stale_versions(
    app, runner, shipment_body, logistics_headers
):
    from relief.logistics.models import Shipment

    body = shipment_body()
    problems: list = []
    barrier = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(target=_writer, args=(app, logistics_headers, body, n, problems, barrier))
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert problems == []
    with app.app_context():
        stmt = select(Shipment.status, func.count()).group_by(Shipment.status)
        counts = {status: n for status, n in db.session.execute(stmt)}
        db.session.remove()
    assert counts == {"delivered": WRITERS * PER_WRITER}
    verify = runner.invoke(args=["audit", "verify"])
    assert verify.exit_code == 0, verify.output
