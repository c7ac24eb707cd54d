"""Staff coverage pages show WIB times, local numbers and commodity names (not codes)."""

import re

import pytest

from relief.unit_of_work import commit_write
from tests.coverage.conftest import BANJARSARI, at


@pytest.fixture
def event_id(make_event, make_assessment, make_delivery):
    event = make_event()
    make_assessment(
        event, displaced_persons=1234, displaced_households=300, severity=5, when=at(2, 12)
    )
    make_delivery(event, items=[("rice", 1500.5)], accepted=[1500.5], delivered_at=at(3, 20))
    event_id = event.id
    commit_write()
    return event_id


def _text(client, path: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(path).text))


def test_village_page_times_are_wib_and_numbers_indonesian(client, login_as, event_id):
    login_as("ombudsman")
    text = _text(client, f"/villages/{BANJARSARI}?event_id={event_id}&as_of=2020-01-05")
    assert "per 5 Jan 2020 23.59 WIB" in text  # the end of the chosen day in Banten
    assert "2 Jan 2020 19.00 WIB" in text  # assessed 12:00 UTC
    assert "4 Jan 2020 03.00 WIB" in text  # delivered 20:00 UTC on the 3rd
    assert "1.234" in text and "1.500,5 kg Beras" in text and "UTC" not in text


def test_village_page_in_english(client, login_as, event_id):
    login_as("ombudsman")
    client.get("/lang/en")
    text = _text(client, f"/villages/{BANJARSARI}?event_id={event_id}&as_of=2020-01-05")
    assert "1,500.5 kg Rice" in text and "1,234" in text


def test_regency_summary_uses_one_number_format(client, login_as, event_id):
    login_as("ombudsman")
    page = client.get(f"/coverage/regencies?event_id={event_id}&as_of=2020-01-05").text
    table = page[page.index("<table") : page.index("</table>")]
    assert "1.234" in table and re.search(r">\d+%<", table) and not re.search(r"\d %", table)
