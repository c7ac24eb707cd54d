"""The cached village page: served without the database, renewed by every write that matters.

Writes go through the API and services (so the domain signals fire); reads are anonymous.
The logistics fixtures (scenario, shipment_body, logistics_headers) come from conftest.py.
"""

import os
import uuid

import pytest
from sqlalchemy import event

from relief import create_app
from relief.core import cache
from relief.extensions import db
from relief.unit_of_work import commit_write

VILLAGE = "36.02.25.2003"  # the logistics fixtures' destination
NOTHING_YET = "Belum ada bantuan yang tercatat sampai di desa ini."
RICE_500_KG = "500 kg"  # 20 sacks of 25 kg


def _page(client) -> str:
    response = client.get(f"/desa/{VILLAGE}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _statements(app, client) -> int:
    """How many SQL statements one anonymous page view runs."""
    seen = []

    def count(*args):
        seen.append(args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        _page(client)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _deliver(client, headers, body) -> None:
    created = client.post("/api/v1/shipments", json=body, headers=headers)
    assert created.status_code == 201, created.json
    url = f"/api/v1/shipments/{created.json['id']}"
    dispatched = client.post(
        f"{url}/dispatch", json={"version": created.json["version"]}, headers=headers
    )
    assert dispatched.status_code == 200, dispatched.json
    delivered = client.post(
        f"{url}/deliver", json={"version": dispatched.json["version"]}, headers=headers
    )
    assert delivered.status_code == 200, delivered.json


def _clear_pages(application) -> None:
    with application.app_context():
        cache.pages.clear()


@pytest.fixture
def page_cache(app, monkeypatch):
    """The session app with its page cache on (the testing config keeps it off)."""
    monkeypatch.setitem(app.config, "PUBLIC_PAGE_CACHE", True)
    _clear_pages(app)
    yield app
    _clear_pages(app)


def _worker(app, **config):
    """A second application on the same database, as another gunicorn worker would be."""
    settings = {
        "CONFIG_KIND": "testing",
        "DEMO_MODE": True,
        "PUBLIC_PAGE_CACHE": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "CACHE_VERSION_DIR": app.config["CACHE_VERSION_DIR"],
        **config,
    }
    return create_app(settings)


def _dispose(application) -> None:
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_cached_page_runs_no_sql_and_a_delivery_renews_it(
    page_cache, client, shipment_body, logistics_headers
):
    assert NOTHING_YET in _page(client)
    assert _statements(page_cache, client) == 0  # served from the cache
    _deliver(
        client,
        logistics_headers,
        shipment_body(items=[{"commodity": "rice", "quantity": 20, "unit": "sack25"}]),
    )
    page = _page(client)
    assert RICE_500_KG in page and NOTHING_YET not in page
    assert _statements(page_cache, client) == 0  # the new page is cached in turn


def test_a_write_in_one_worker_renews_the_page_in_another(
    page_cache, client, shipment_body, logistics_headers
):
    other = _worker(page_cache)
    try:
        reader = other.test_client()
        assert NOTHING_YET in _page(reader)
        assert _statements(other, reader) == 0  # the other worker has its own copy now
        _deliver(
            client,
            logistics_headers,
            shipment_body(items=[{"commodity": "rice", "quantity": 20, "unit": "sack25"}]),
        )
        assert RICE_500_KG in _page(reader)
    finally:
        _dispose(other)


def _redis_url() -> str | None:
    url = os.environ.get("RELIEF_TEST_REDIS", "redis://127.0.0.1:6379/14")
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=1).ping()
        return url
    except Exception:  # noqa: BLE001
        if os.environ.get("CI"):
            raise  # CI starts Redis: a missing one is a failure, not a skip
        return None


def test_with_redis_every_worker_shares_pages_and_versions(
    app, client, shipment_body, logistics_headers
):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis at 127.0.0.1:6379 (CI starts one)")
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    writer, reader = (_worker(app, REDIS_URL=url, CACHE_NAMESPACE=namespace) for _ in range(2))
    try:
        readers = reader.test_client()
        assert NOTHING_YET in _page(readers)
        assert NOTHING_YET in _page(writer.test_client())
        assert _statements(writer, writer.test_client()) == 0  # cached by the reader, shared
        _deliver(
            writer.test_client(),
            logistics_headers,
            shipment_body(items=[{"commodity": "rice", "quantity": 20, "unit": "sack25"}]),
        )
        assert RICE_500_KG in _page(readers)
    finally:
        import redis

        store = redis.Redis.from_url(url)
        for key in store.scan_iter(f"relief:{namespace}:*"):
            store.delete(key)
        _dispose(writer)
        _dispose(reader)


def test_a_filed_report_renews_the_count_of_open_reports(page_cache, client, scenario):
    from relief.public.services import file_report

    assert "laporan warga desa ini sedang ditangani" not in _page(client)
    with page_cache.app_context():
        file_report(VILLAGE, "not_received", "Beras belum sampai ke RT 03.", None)
        commit_write()
    assert "1 laporan warga desa ini sedang ditangani" in _page(client)


def test_a_rolled_back_write_keeps_the_cached_page(page_cache, client, scenario):
    from relief.public.services import file_report

    _page(client)
    with page_cache.app_context():
        before = cache._tokens(VILLAGE)
        file_report(VILLAGE, "not_received", "Beras belum sampai ke RT 03.", None)
        db.session.rollback()
        assert cache._tokens(VILLAGE) == before
    assert _statements(page_cache, client) == 0


def test_norms_and_alert_steps_renew_pages_too(page_cache, client, scenario):
    from relief.catalog.models import Norm
    from relief.catalog.services import update_norm
    from relief.core import changes

    _page(client)  # the page and its tokens exist
    with page_cache.app_context():
        everything, village = cache._tokens(VILLAGE)
        assert None not in (everything, village)
        norm = db.session.scalar(db.select(Norm).limit(1))
        update_norm(norm.id, float(norm.amount), norm.per, norm.period, norm.basis, norm.source)
        commit_write()
        assert cache._tokens(VILLAGE)[0] != everything
        changes.note_villages(changes.ALERTS, "alert.acknowledge", None, {VILLAGE})
        commit_write()
        assert cache._tokens(VILLAGE)[1] != village


def test_signed_in_staff_get_their_own_page(page_cache, client, login_as):
    _page(client)  # an anonymous copy in the cache
    login_as("ombudsman")
    assert "Test ombudsman (asisten Ombudsman)" in _page(client)
    client.post("/logout")
    assert "Test ombudsman" not in _page(client)


def test_codes_that_are_no_village_leave_nothing_behind(page_cache, client):
    unknown = "36.99.99.9999"
    assert client.get(f"/desa/{unknown}").status_code == 404
    with page_cache.app_context():
        assert cache._tokens(unknown)[1] is None  # no token kept for made-up codes
