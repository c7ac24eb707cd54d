"""Exports speak the reader's language: people's headers and values, machine codes beside
them, and XLSX sheets with sized columns and a frozen header."""

import csv
import io

from openpyxl import load_workbook

from tests.exports.test_api import event_id  # noqa: F401 - the fixture

# Raw codes that must not reach an Indonesian reader outside a code column.
SLUGS = {
    "green",
    "yellow",
    "red",
    "delivered",
    "dispatched",
    "planned",
    "regency",
    "district",
    "rice",
    "clothing",
    "medicine",
    "Rice",
    "Clothing",
}


def _table(response) -> list[dict]:
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, _tags, data = rows[0], rows[1], rows[2:]
    return [dict(zip(header, row, strict=True)) for row in data]


def _people_values(rows: list[dict]) -> set[str]:
    return {v for row in rows for k, v in row.items() if not k.startswith(("Kode", "Code"))}


def test_indonesian_coverage_export_has_indonesian_headers_and_values(client, token_for, event_id):  # noqa: F811
    response = client.get(
        f"/api/v1/exports/coverage.csv?event_id={event_id}&as_of=2020-01-05T00:00:00%2B00:00",
        headers=token_for("ombudsman"),
    )
    rows = _table(response)
    rice = next(r for r in rows if r["Kode barang"] == "rice")
    assert rice["Nama barang"] == "Beras" and rice["Satuan"] == "kg"
    assert rice["Pita cakupan"] == "Kuning" and rice["Kode pita"] == "yellow"
    assert not _people_values(rows) & SLUGS


def test_english_clients_get_english_headers_and_values(client, token_for, event_id):  # noqa: F811
    headers = {**token_for("ombudsman"), "Accept-Language": "en"}
    coverage = _table(
        client.get(
            f"/api/v1/exports/coverage.csv?event_id={event_id}&as_of=2020-01-05T00:00:00%2B00:00",
            headers=headers,
        )
    )
    rice = next(r for r in coverage if r["Commodity code"] == "rice")
    assert rice["Commodity"] == "Rice" and rice["Coverage band"] == "Yellow"
    deliveries = _table(
        client.get(f"/api/v1/exports/deliveries.csv?event_id={event_id}", headers=headers)
    )
    assert {r["Status"] for r in deliveries} == {"delivered", "in transit"}


def test_delivery_and_regency_exports_name_statuses_and_levels(client, token_for, event_id):  # noqa: F811
    headers = token_for("ombudsman")
    deliveries = _table(
        client.get(f"/api/v1/exports/deliveries.csv?event_id={event_id}", headers=headers)
    )
    assert {(r["Status"], r["Kode status"]) for r in deliveries} == {
        ("diterima", "delivered"),
        ("dalam perjalanan", "dispatched"),
    }
    assert {r["Nama barang"] for r in deliveries} == {"Beras", "Pakaian"}
    assert "Nomor surat jalan" in deliveries[0]
    assert not _people_values(deliveries) & SLUGS
    regencies = _table(
        client.get(
            f"/api/v1/exports/coverage.csv?event_id={event_id}&level=regency", headers=headers
        )
    )
    assert {r["Tingkat"] for r in regencies} == {"Kabupaten/kota"}
    assert not _people_values(regencies) & SLUGS


def test_xlsx_exports_freeze_the_header_and_size_their_columns(client, token_for, event_id):  # noqa: F811
    headers = token_for("ombudsman")
    for path in ("coverage.xlsx", "deliveries.xlsx"):
        sheet = load_workbook(
            io.BytesIO(
                client.get(f"/api/v1/exports/{path}?event_id={event_id}", headers=headers).data
            )
        ).active
        assert sheet.freeze_panes == "A3", path  # the header and the HXL row stay in view
        assert sheet["A1"].font.bold
        widths = {
            sheet.cell(1, c).value: sheet.column_dimensions[sheet.cell(1, c).column_letter].width
            for c in range(1, sheet.max_column + 1)
        }
        assert all(8 <= w <= 60 for w in widths.values()), widths
        assert widths["Kode desa"] >= len("36.02.25.2004")
        header = next(sheet.iter_rows(max_row=1, values_only=True))
        assert "Kode desa" in header and "village_code" not in header
