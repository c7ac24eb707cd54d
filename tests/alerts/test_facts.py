"""Alert facts read as labelled, formatted values on pages and printouts; the API keeps raw."""

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from relief.unit_of_work import commit_write

FACTS = {
    "severity": 4,
    "need": 1920.0,
    "delivered": 640.5,
    "coverage": 0.412,
    "hours_since_assessment": 73.5,
}


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


def test_facts_in_indonesian(request_ctx):
    from relief.alerts.facts import describe_facts

    with force_locale("id"):
        assert describe_facts(FACTS, "kg") == [
            ("Tingkat keparahan", "4 dari 5"),
            ("Kebutuhan", "1.920 kg"),
            ("Tersalur", "640,5 kg"),
            ("Cakupan", "41%"),
            ("Sejak kaji cepat pertama", "3 hari 2 jam"),
        ]


def test_facts_in_english(request_ctx):
    from relief.alerts.facts import describe_facts

    with force_locale("en"):
        assert describe_facts(FACTS, "kg") == [
            ("Severity", "4 of 5"),
            ("Needs", "1,920 kg"),
            ("Delivered", "640.5 kg"),
            ("Coverage", "41%"),
            ("Since the first assessment", "3 d 2 h"),
        ]


def test_times_distances_lists_and_unknown_keys(request_ctx):
    from relief.alerts.facts import describe_facts

    facts = {
        "oldest_delivered_at": "2020-01-02T05:24:00+00:00",
        "max_distance_m": 1402,
        "shipments": ["SJ/1", "SJ/2"],
        "ratio": 0.913,
        "window_days": 7,
        "hours_since_assessment": 20.2,
        "new_fact": 3,
    }
    with force_locale("id"):
        assert dict(describe_facts(facts)) == {
            "Tiba paling awal": "2 Jan 2020 12.24 WIB",
            "Jarak titik serah terima dari desa": "1,4 km",
            "Surat jalan": "SJ/1, SJ/2",
            "Diterima dari yang dikirim": "91%",
            "Dalam jangka": "7 hari",
            "Sejak kaji cepat pertama": "20 jam",
            "new_fact": "3",
        }


def test_detail_page_and_queue_show_labels_and_units_while_the_api_keeps_raw_facts(
    app, client, make_alert, login_as, ombudsman
):
    from relief.alerts.models import Alert
    from relief.extensions import db

    alert_id = make_alert(kind="undersupplied")
    with app.app_context():
        alert = db.session.get(Alert, alert_id)
        alert.commodity_code, alert.facts = "medicine", {**FACTS, "need": 150.0, "delivered": 40.0}
        commit_write()
    login_as("ombudsman")
    page = client.get(f"/alerts/{alert_id}").get_data(as_text=True)
    assert "Cakupan" in page and "41%" in page and "150 paket" in page
    assert "hours_since_assessment" not in page and "0.412" not in page
    queue = client.get("/alerts").get_data(as_text=True)
    assert "Cakupan 41% · Tersalur 40 paket · Kebutuhan 150 paket" in queue
    raw = client.get(f"/api/v1/alerts/{alert_id}", headers=ombudsman).json
    assert raw["facts"]["coverage"] == 0.412 and raw["facts"]["hours_since_assessment"] == 73.5


def test_english_pages_translate_the_labels(app, client, make_alert, login_as):
    from relief.alerts.models import Alert
    from relief.extensions import db

    alert_id = make_alert(kind="undersupplied")
    with app.app_context():
        alert = db.session.get(Alert, alert_id)
        alert.commodity_code, alert.facts = "rice", FACTS
        alert.opened_at = datetime(2020, 1, 5, 12, tzinfo=UTC)
        commit_write()
    login_as("ombudsman")
    client.get("/lang/en")
    page = client.get(f"/alerts/{alert_id}").get_data(as_text=True)
    assert "Coverage" in page and "1,920 kg" in page and "Jan 5, 2020, 7:00\u202fPM WIB" in page
