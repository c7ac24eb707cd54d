"""Bad query values (dates in year 1 or 9999, 20-digit ids) on every GET route answer 4xx or 2xx.

A sweep over the URL map as each staff role: the attack run found 500s from these on pages,
API reads and exports.
"""

from datetime import date

import pytest

from relief.extensions import db

DATE_VALUES = ("0001-01-01", "9999-12-31", "0001-01-01T00:00:00", "9999-12-31T23:59:59+00:00")
ID_VALUES = ("99999999999999999999", "-99999999999999999999")
DATE_PARAMS = ("as_of", "from", "to", "date", "since", "until", "at", "opened_from", "opened_to")
ID_PARAMS = (
    "page",
    "per_page",
    "event_id",
    "event",
    "depot",
    "origin_depot_id",
    "limit",
    "alert_id",
    "commodity_id",
)
SAMPLE = {"code": "36.02.25.2003", "tracking_code": "ABCD1234", "fmt": "csv", "filename": "x"}


def _paths(app) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/static", "/api/v1/docs")):
            continue
        if rule.endpoint == "core.set_language" or rule.rule.startswith("/lang/"):
            continue
        values = {a: SAMPLE.get(a, 1) for a in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            paths.append(url_for(rule.endpoint, **values))
    return sorted(set(paths))


@pytest.fixture
def event(app):
    """A live event, so that event-scoped pages render."""
    from relief.events.models import Event

    with app.app_context():
        row = Event(
            code="SWEEP",
            name="Banjir uji",
            started_on=date(2020, 1, 1),
            emergency_until=date(2020, 1, 14),
        )
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.mark.parametrize("role", ["admin", "logistics", "ombudsman"])
def test_extreme_dates_and_ids_in_query_never_answer_5xx(app, make_user, event, role):
    _, username, password = make_user(role)
    client = app.test_client()
    assert (
        client.post("/login", data={"username": username, "password": password}).status_code == 302
    )
    failures = []
    for path in _paths(app):
        for params, values in ((DATE_PARAMS, DATE_VALUES), (ID_PARAMS, ID_VALUES)):
            for value in values:
                query = "&".join(f"{p}={value}" for p in params)
                url = f"{path}?{query}"
                try:
                    status = client.get(url).status_code
                except Exception as err:  # noqa: BLE001 - testing propagates what would be a 500
                    status = f"500 ({type(err).__name__}: {str(err)[:80]})"
                if str(status) >= "500":
                    failures.append(f"{status} {url}")
    assert not failures, "\n".join(failures)
