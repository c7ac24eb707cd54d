"""Rate limits (enabled only here): complaints per address, and wrong codes are throttled."""

import pytest
from sqlalchemy import func, select

from relief import create_app
from relief.extensions import db, limiter
from relief.logistics.models import Receipt

from .conftest import VILLAGE

REPORT = {"village_code": VILLAGE, "category": "other", "text": "Bantuan belum sampai ke RT 03"}


@pytest.fixture
def limited(app):
    """A second app on the same database with Flask-Limiter on and small limits."""
    limited_app = create_app(
        {
            "CONFIG_KIND": "testing",
            "DEMO_MODE": True,
            "RATELIMIT_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PUBLIC_REPORT_LIMIT": "3 per hour",
            "PUBLIC_WRONG_CODE_LIMIT": "3 per hour",
        }
    )
    limiter.reset()
    yield limited_app
    limiter.reset()
    limiter.enabled = False  # the session's app runs without limits


def test_complaints_past_the_limit_answer_429_in_the_envelope(limited):
    client = limited.test_client()
    statuses = [client.post("/api/v1/reports", json=REPORT).status_code for _ in range(3)]
    assert statuses == [201, 201, 201]
    refused = client.post("/api/v1/reports", json=REPORT)
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    form = client.post(
        "/lapor", data={"village": VILLAGE, "category": "other", "text": REPORT["text"]}
    )
    assert form.status_code == 429  # the web form shares the API's budget


def test_wrong_village_pins_are_throttled_while_right_ones_are_not_counted(limited, make_shipment):
    from relief.logistics.village import issue_village_pin
    from relief.unit_of_work import commit_write

    make_shipment(status="dispatched")
    with limited.app_context():
        pin = issue_village_pin(VILLAGE, "Kepala Desa", "telepon", None)[1]
        commit_write()
    client = limited.test_client()
    for _ in range(5):
        right = client.post("/konfirmasi", data={"waybill": "SJ-0001", "pin": pin})
        assert right.status_code == 200
    wrong = [
        client.post("/konfirmasi", data={"waybill": "SJ-0001", "pin": f"9{n}99"}).status_code
        for n in range(4)
    ]
    assert wrong == [404, 404, 404, 429]
    throttled = client.post("/konfirmasi", data={"waybill": "SJ-0001", "pin": pin})
    assert throttled.status_code == 429
    with limited.app_context():
        assert db.session.scalar(select(func.count()).select_from(Receipt)) == 0


def test_wrong_tracking_codes_are_throttled(limited):
    client = limited.test_client()
    statuses = [client.get(f"/lapor/2222{n}-22222").status_code for n in range(2, 6)]
    assert statuses == [404, 404, 404, 429]
