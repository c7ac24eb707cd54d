"""Public pages: local numbers, WIB times, unit names, words kept apart by context."""

import re
from datetime import UTC, datetime

from relief.extensions import db
from relief.unit_of_work import commit_write

from .conftest import VILLAGE


def _text(client, path: str, lang: str = "id") -> str:
    client.get(f"/lang/{lang}")
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_village_page_writes_quantities_and_times_for_the_visitor(client, make_shipment):
    # Delivered 2020-01-03 21:00 UTC: already 4 January, 04.00, in Banten.
    make_shipment(items=(("rice", 1234.5, "kg", 1),), when=datetime(2020, 1, 3, 16, tzinfo=UTC))
    indonesian = _text(client, f"/desa/{VILLAGE}")
    assert "Beras : 1.234,5 kg" in indonesian
    assert "Terakhir diperbarui: 4 Jan 2020 04.00 WIB" in indonesian
    english = _text(client, f"/desa/{VILLAGE}", "en")
    assert "Rice : 1,234.5 kg" in english
    assert "Last updated: Jan 4, 2020, 4:00 AM WIB" in english  # spaces normalised


def test_confirmation_page_names_the_unit_in_both_languages(client, make_shipment):
    make_shipment(code="KODEUJI1", status="dispatched")
    assert "dikirim 20 karung 25 kg" in _text(client, "/konfirmasi?code=KODEUJI1")
    assert "sent 20 25 kg sack" in _text(client, "/konfirmasi?code=KODEUJI1", "en")


def test_report_states_use_their_own_english_words(client, app, make_report):
    from relief.complaints.models import ResidentReport

    code = make_report()
    assert "Received" in _text(client, f"/lapor/{code}", "en")
    with app.app_context():
        report = db.session.scalar(db.select(ResidentReport))
        report.state = "closed"
        commit_write()
    english = _text(client, f"/lapor/{code}", "en")
    assert "Closed" in english and "Resolved" not in english
