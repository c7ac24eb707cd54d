"""Bulk import: every bad row is named, and rows are committed all together or not at all."""

import io
import re

import pytest
from openpyxl import Workbook

from relief.extensions import db
from relief.logistics.importer import COLUMNS, read_rows
from relief.unit_of_work import commit_write

HEADER = ",".join(COLUMNS)
GOOD = [
    "A1,BPBD Kabupaten Lebak,36.02.25.2003,rice,20,sack25,,A 1 B,Ujang,,",
    "A1,BPBD Kabupaten Lebak,36.02.25.2003,medicine,5,kit,L1,A 1 B,Ujang,,",
    "A2,BPBD Kabupaten Lebak,36.02.25.2004,clothing,30,set,,,,,",
]


@pytest.fixture(autouse=True)
def _import_folder(app, tmp_path, monkeypatch):
    """Keep previewed uploads out of the repository's instance folder."""
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path))


def _count(app) -> int:
    from relief.logistics.models import Shipment

    with app.app_context():
        return db.session.query(Shipment).count()


def _upload(client, scenario, lines, name="kiriman.csv"):
    content = ("\n".join([HEADER, *lines]) + "\n").encode()
    return client.post(
        "/shipments/import",
        data={
            "event_id": str(scenario["event_id"]),
            "file": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
    )


def test_bad_rows_are_listed_with_line_and_column_and_nothing_is_saved(
    app, client, login_as, scenario
):
    login_as("logistics")
    lines = [
        *GOOD,
        "A3,Gudang Entah,36.02.25.2003,rice,0,kg,,,,,",
        "A4,BPBD Kabupaten Lebak,99.99.99.9999,gold,5,kg,,,,,",
    ]
    response = _upload(client, scenario, lines)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for line, column in [
        (5, "origin_depot"),
        (5, "quantity"),
        (6, "destination_code"),
        (6, "commodity"),
    ]:
        assert re.search(rf"<td>{line}</td><td>{column}</td>", page), (line, column)
    assert "Simpan semua" not in page
    assert _count(app) == 0


def test_conflicting_shipment_columns_within_a_ref_are_reported(app, client, login_as, scenario):
    login_as("logistics")
    lines = [GOOD[0], GOOD[1].replace("A 1 B", "B 2 C")]
    response = _upload(client, scenario, lines)
    assert response.status_code == 422
    assert re.search(r"<td>3</td><td>vehicle_plate</td>", response.get_data(as_text=True))


def test_good_file_previews_then_commits_all_rows(app, client, login_as, scenario):
    login_as("logistics")
    preview = _upload(client, scenario, GOOD)
    assert preview.status_code == 200
    assert _count(app) == 0
    token = re.search(
        r'name="token" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)
    ).group(1)
    committed = client.post("/shipments/import/commit", data={"token": token})
    assert committed.status_code == 302
    assert _count(app) == 2
    again = client.post("/shipments/import/commit", data={"token": token})
    assert again.status_code == 404
    assert _count(app) == 2


def test_commit_rolls_back_everything_when_data_changed_since_preview(
    app, client, login_as, scenario
):
    from relief.logistics.models import Depot

    login_as("logistics")
    preview = _upload(client, scenario, GOOD)
    token = re.search(
        r'name="token" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)
    ).group(1)
    with app.app_context():
        db.session.get(Depot, scenario["origin_depot_id"]).name = "Gudang baru"
        commit_write()
    response = client.post("/shipments/import/commit", data={"token": token})
    assert response.status_code == 422
    assert _count(app) == 0


def test_another_user_cannot_commit_my_preview(app, client, login_as, scenario):
    login_as("logistics")
    preview = _upload(client, scenario, GOOD)
    token = re.search(
        r'name="token" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)
    ).group(1)
    client.post("/logout")
    login_as("logistics")
    assert client.post("/shipments/import/commit", data={"token": token}).status_code == 404


def test_xlsx_rows_are_read_with_spreadsheet_line_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(GOOD[0].split(","))
    sheet.append([None] * len(COLUMNS))
    sheet.append(GOOD[2].split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_rows("kiriman.xlsx", buffer.getvalue())
    assert [(r["_line"], r["ref"], r["quantity"]) for r in rows] == [
        (2, "A1", "20"),
        (4, "A2", "30"),
    ]


def test_semicolon_csv_is_read():
    content = b"ref;quantity\nA1;5\n"
    assert read_rows("x.csv", content)[0]["quantity"] == "5"


def test_template_csv_downloads_with_all_columns(client, login_as):
    login_as("logistics")
    response = client.get("/shipments/import/template.csv")
    assert response.status_code == 200
    assert response.get_data(as_text=True).splitlines()[0] == HEADER
