"""The alert queue's exports in the reader's language, with the kind's code beside it."""

import csv
import io

from openpyxl import load_workbook


def test_indonesian_alert_export_names_kinds_levels_states_and_categories(
    client, make_alert, login_as
):
    make_alert()
    login_as("ombudsman")
    text = client.get("/alerts/export.csv").get_data(as_text=True)
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["Jenis"] == "Belum ada pengiriman" and row["Kode jenis"] == "no_delivery"
    assert row["Tingkat"] == "Kritis" and row["Keadaan"] == "Terbuka"
    assert row["Kategori maladministrasi"] == "Tidak memberikan pelayanan"
    assert row["Terlambat"] == "Tidak" and row["Fakta"] == "Tingkat keparahan: 4 dari 5"
    people = {v for k, v in row.items() if k != "Kode jenis"}
    assert not people & {"critical", "open", "tidak_memberikan_pelayanan", "no", "severity=4"}


def test_english_alert_export_and_its_xlsx_layout(client, make_alert, login_as):
    make_alert()
    login_as("ombudsman")
    text = client.get("/alerts/export.csv?lang=en").get_data(as_text=True)
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["Level"] == "Critical" and row["Kind code"] == "no_delivery"
    sheet = load_workbook(io.BytesIO(client.get("/alerts/export.xlsx").data)).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet.column_dimensions["E"].width >= len("Tidak memberikan pelayanan")
