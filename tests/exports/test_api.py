"""Exports: CSV with HXL (validated by libhxl), XLSX, GeoJSON."""

import io

import hxl
import pytest
from openpyxl import load_workbook

from relief.exports.formats import AREA_COVERAGE_COLUMNS, COVERAGE_COLUMNS, DELIVERY_COLUMNS
from relief.unit_of_work import commit_write
from tests.coverage.conftest import BANJARSARI, at

SCHEMA = [
    ["#valid_tag", "#valid_datatype", "#valid_required"],
    ["#adm4+code", "", "true"],
    ["#item+code", "", "true"],
    ["#indicator+num", "number", ""],
    ["#indicator+pct", "number", ""],
    ["#affected", "number", ""],
    ["#inneed", "number", ""],
    ["#severity", "number", ""],
    ["#value+num", "number", ""],
    ["#geo+lat", "number", ""],
    ["#geo+lon", "number", ""],
    ["#date", "date", ""],
]


@pytest.fixture
def event_id(make_event, make_assessment, make_delivery):
    event = make_event()
    make_assessment(event, displaced_persons=100, displaced_households=25, affected_persons=300)
    make_delivery(
        event,
        items=[("rice", 100.0), ("clothing", 40.0)],
        accepted=[90.0, 40.0],
        delivered_at=at(3),
    )
    make_delivery(event, status="dispatched")
    event_id = event.id
    commit_write()
    return event_id


def _hxl_errors(text: str, expected_tags) -> list[str]:
    source = hxl.input.make_input(
        io.BytesIO(text.encode()), hxl.input.InputOptions(allow_local=True)
    )
    data = hxl.data(source)
    assert [c.display_tag for c in data.columns] == [c.tag for c in expected_tags]
    errors = []
    hxl.schema(SCHEMA, callback=errors.append).validate(data)
    return [str(e) for e in errors]


def test_coverage_csv_carries_hxl_that_libhxl_validates(client, token_for, event_id):
    response = client.get(
        f"/api/v1/exports/coverage.csv?event_id={event_id}&as_of=2020-01-05T00:00:00%2B00:00",
        headers=token_for("ombudsman"),
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert _hxl_errors(response.text, COVERAGE_COLUMNS) == []
    lines = response.text.splitlines()
    # header, hashtags, then one village's rice, medicine, clothing, water and hygiene kits
    assert len(lines) == 2 + 5
    assert f"{BANJARSARI},Banjarsari,36.02.25,36.02,300,100,3,rice,160.0,90.0,56.25" in lines[2]


def test_deliveries_csv_carries_hxl_that_libhxl_validates(client, token_for, event_id):
    response = client.get(
        f"/api/v1/exports/deliveries.csv?event_id={event_id}", headers=token_for("logistics")
    )
    assert _hxl_errors(response.text, DELIVERY_COLUMNS) == []
    assert len(response.text.splitlines()) == 2 + 3


def test_deliveries_filter_by_status(client, token_for, event_id):
    response = client.get(
        f"/api/v1/exports/deliveries.csv?event_id={event_id}&status=delivered",
        headers=token_for("ombudsman"),
    )
    assert len(response.text.splitlines()) == 2 + 2


def test_coverage_xlsx_has_header_and_hashtag_rows(client, token_for, event_id):
    response = client.get(
        f"/api/v1/exports/coverage.xlsx?event_id={event_id}", headers=token_for("ombudsman")
    )
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == tuple(c.tag for c in COVERAGE_COLUMNS)
    assert len(rows) == 2 + 5


def test_deliveries_xlsx_downloads(client, token_for, event_id):
    response = client.get(
        f"/api/v1/exports/deliveries.xlsx?event_id={event_id}", headers=token_for("admin")
    )
    assert response.status_code == 200
    assert "deliveries.xlsx" in response.headers["Content-Disposition"]


def test_coverage_geojson_export_is_a_feature_collection(client, token_for, event_id):
    response = client.get(
        f"/api/v1/exports/coverage.geojson?event_id={event_id}", headers=token_for("ombudsman")
    )
    assert response.json["type"] == "FeatureCollection"


def test_exports_are_closed_to_the_public(client, event_id):
    assert client.get(f"/api/v1/exports/coverage.csv?event_id={event_id}").status_code == 401


def test_regency_rows_export_band_red_villages_and_the_worst_village(client, token_for, event_id):
    response = client.get(
        f"/api/v1/exports/coverage.csv?event_id={event_id}&level=regency"
        "&commodity=rice&as_of=2020-01-05T00:00:00%2B00:00",
        headers=token_for("ombudsman"),
    )
    assert response.status_code == 200
    source = hxl.input.make_input(
        io.BytesIO(response.text.encode()), hxl.input.InputOptions(allow_local=True)
    )
    data = hxl.data(source)
    assert [c.display_tag for c in data.columns] == [c.tag for c in AREA_COVERAGE_COLUMNS]
    (row,) = list(data)
    # severity 3 (not worst-hit): 56 % is yellow, no red worst-hit village to count
    assert row.get("#loc+code") == "36.02" and row.get("#indicator+band+code") == "yellow"
    assert row.get("#indicator+villages+red+num") == "0"
    assert row.get("#adm4+code+worst") == BANJARSARI
