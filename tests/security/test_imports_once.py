"""Imports commit once, validate alike in preview and commit, and refuse large files fast
(issue 14, item 4, and the corrupt-.xlsx 500 of item 9)."""

import html
import io
import re
import threading
import time

import pytest
from openpyxl import Workbook

from relief.extensions import db
from tests.logistics.test_import import GOOD, HEADER

VILLAGE = "36.02.25.2003"


@pytest.fixture(autouse=True)
def _import_folder(app, tmp_path, monkeypatch):
    """Keep previewed uploads out of the repository's instance folder."""
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path))


def _count(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def _shipment_preview(client, scenario, lines, name="kiriman.csv", content=None):
    content = content or ("\n".join([HEADER, *lines]) + "\n").encode()
    return client.post(
        "/shipments/import",
        data={
            "event_id": str(scenario["event_id"]),
            "file": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
    )


def _token(response) -> str:
    found = re.search(r'name="token" type="hidden" value="([^"]+)"', response.text)
    assert found, response.text[:3000]
    return html.unescape(found.group(1))


def _same_user_clients(app, make_user, count=2):
    _, username, password = make_user("logistics")
    clients = [app.test_client() for _ in range(count)]
    for c in clients:
        assert (
            c.post("/login", data={"username": username, "password": password}).status_code == 302
        )
    return clients


def _concurrently(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_concurrent_commits_of_one_shipment_preview_create_one_set(
    app, make_user, scenario, monkeypatch
):
    from relief.logistics import services
    from relief.logistics.models import Shipment

    first, second = _same_user_clients(app, make_user)
    token = _token(_shipment_preview(first, scenario, GOOD))
    original = services.create_shipment

    def slow_create(*args, **kwargs):  # widen the window in which both requests run
        time.sleep(0.2)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "create_shipment", slow_create)
    results = _concurrently(
        [
            lambda: first.post("/shipments/import/commit", data={"token": token}).status_code,
            lambda: second.post("/shipments/import/commit", data={"token": token}).status_code,
        ]
    )
    assert sorted(results)[0] == 302 and sorted(results)[1] in (404, 409), results
    assert _count(app, Shipment) == 2  # GOOD holds two refs


def test_assessment_commit_cannot_be_replayed(app, client, login_as):
    from relief.coverage.models import Assessment
    from relief.events.models import Event

    with app.app_context():
        from datetime import date

        event = Event(
            code="IMP",
            name="Banjir uji",
            started_on=date(2020, 1, 1),
            emergency_until=date(2020, 1, 14),
        )
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    login_as("logistics")
    csv = (
        f"village_code,affected_persons,assessed_at\n{VILLAGE},12,2020-01-03T01:00:00+00:00\n"
    ).encode()
    preview = client.post(
        f"/assessments/import?event_id={event_id}",
        data={"file": (io.BytesIO(csv), "asesmen.csv")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, preview.text[:2000]
    assert 'name="rows"' not in preview.text  # the rows stay on the server
    token = _token(preview)
    assert client.post("/assessments/import/commit", data={"token": token}).status_code == 302
    replay = client.post("/assessments/import/commit", data={"token": token})
    assert replay.status_code in (404, 409)
    assert _count(app, Assessment) == 1


def test_concurrent_assessment_commits_record_once(app, make_user, monkeypatch):
    from datetime import date

    from relief.coverage import services
    from relief.coverage.models import Assessment
    from relief.events.models import Event

    with app.app_context():
        event = Event(
            code="IMP2",
            name="Banjir uji",
            started_on=date(2020, 1, 1),
            emergency_until=date(2020, 1, 14),
        )
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    first, second = _same_user_clients(app, make_user)
    csv = f"village_code,affected_persons\n{VILLAGE},12\n".encode()
    preview = first.post(
        f"/assessments/import?event_id={event_id}",
        data={"file": (io.BytesIO(csv), "asesmen.csv")},
        content_type="multipart/form-data",
    )
    token = _token(preview)
    original = services.record_assessments

    def slow_record(*args, **kwargs):
        time.sleep(0.2)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "record_assessments", slow_record)
    results = _concurrently(
        [
            lambda: first.post("/assessments/import/commit", data={"token": token}).status_code,
            lambda: second.post("/assessments/import/commit", data={"token": token}).status_code,
        ]
    )
    assert sorted(results)[0] == 302 and sorted(results)[1] in (404, 409), results
    assert _count(app, Assessment) == 1


def test_preview_refuses_what_the_commit_would_naming_line_and_field(
    app, client, login_as, scenario
):
    from relief.logistics.models import Shipment

    login_as("logistics")
    long_plate = "A" * 30
    lines = [
        GOOD[0].replace("A 1 B", long_plate),
        GOOD[1].replace("A 1 B", long_plate),
        "A2,BPBD Kabupaten Lebak,36.02.25.2004,clothing,0.0001,set,,,,,",
    ]
    response = _shipment_preview(client, scenario, lines)
    page = response.text
    assert response.status_code == 422
    assert re.search(r"<td>2</td><td>vehicle_plate</td>", page), page[:3000]
    assert re.search(r"<td>4</td><td>quantity</td>", page), page[:3000]
    assert "Simpan semua" not in page
    assert _count(app, Shipment) == 0


def test_large_csv_is_refused_within_a_second(app, client, login_as, scenario):
    login_as("logistics")
    row = GOOD[2] + "\n"
    content = (HEADER + "\n" + row * (app.config["IMPORT_MAX_BYTES"] // len(row) + 10)).encode()
    started = time.perf_counter()
    response = _shipment_preview(client, scenario, [], content=content)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert "MB" in response.text
    assert elapsed < 1.0, elapsed


def test_long_xlsx_is_refused_within_a_second(app, client, login_as, scenario, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 50_000_000)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER.split(","))
    for _ in range(12_000):  # within the expanded-size limit: the row limit refuses it
        sheet.append(GOOD[2].split(","))
    content = io.BytesIO()
    book.save(content)
    login_as("logistics")
    started = time.perf_counter()
    response = _shipment_preview(
        client, scenario, [], name="kiriman.xlsx", content=content.getvalue()
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert "5000" in response.text or "5.000" in response.text
    assert elapsed < 1.0, elapsed


@pytest.mark.parametrize("path", ["/shipments/import", "/assessments/import"])
def test_corrupt_xlsx_answers_422_not_500(app, client, login_as, scenario, path):
    login_as("logistics")
    for content in (b"PK\x03\x04 not really a zip", b"\x00" * 100):
        response = client.post(
            path,
            data={
                "event_id": str(scenario["event_id"]),
                "file": (io.BytesIO(content), "rusak.xlsx"),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 422, response.text[:500]


def test_readme_states_the_import_limits():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "IMPORT_MAX_BYTES" in readme and "5000" in readme
