"""Shipment import takes the names people type, and lists what it accepts when it cannot."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from relief.extensions import db
from relief.logistics.importer import COLUMNS
from relief.logistics.models import Shipment, ShipmentItem

DEPOT = "BPBD Kabupaten Lebak"


@pytest.fixture(autouse=True)
def _import_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path))


def _sheet(rows: list[dict], header=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(client, scenario, content: bytes, lang: str = "id"):
    return client.post(
        f"/shipments/import?lang={lang}",
        data={
            "event_id": str(scenario["event_id"]),
            "file": (io.BytesIO(content), "kiriman.csv"),
        },
        content_type="multipart/form-data",
    )


def _problems(page: str) -> list[tuple[str, str, str]]:
    return re.findall(r"<tr><td>(\d+|-)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)


def _commit(client, preview) -> None:
    token = re.search(
        r'name="token" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)
    ).group(1)
    assert client.post("/shipments/import/commit", data={"token": token}).status_code == 302


def test_names_as_people_type_them_are_accepted_and_previewed_by_name(
    app, client, login_as, scenario
):
    login_as("logistics")
    content = _sheet(
        [
            {
                "ref": "N1",
                "origin_depot": " bpbd kabupaten  lebak",
                "destination_code": "Lebakgedong",
                "commodity": "Beras",
                "quantity": "20",
                "unit": "karung 25 kg",
            },
            {
                "ref": "N1",
                "origin_depot": " bpbd kabupaten  lebak",
                "destination_code": "Lebakgedong",
                "commodity": "obat-obatan",
                "quantity": "3",
                "unit": "Dus isi 10 paket",
            },
            {
                "ref": "N2",
                "origin_depot": DEPOT,
                "destination_code": "Banjarsari, Lebakgedong",
                "commodity": " RICE ",
                "quantity": "2",
                "unit": "Sack25",
            },
            {
                "ref": "N3",
                "origin_depot": DEPOT,
                "destination_code": "Desa Banjarsari",
                "district": "Kec. Warunggunung",
                "commodity": "Pakaian",
                "quantity": "40",
                "unit": "stel",
            },
            {
                "ref": "N4",
                "origin_depot": DEPOT,
                "destination_code": "36.02.25.2003",
                "commodity": "Berass",
                "quantity": "5",
                "unit": "25 kg sack",
            },  # near miss: one fits
        ]
    )
    preview = _upload(client, scenario, content)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, _problems(page)
    assert "Desa Banjarsari, Kec. Warunggunung, Kab. Lebak" in page
    assert "Desa Lebakgedong, Kec. Lebakgedong, Kab. Lebak" in page
    assert "Beras 20 karung 25 kg" in page and "Obat-obatan (paket keluarga) 3 dus" in page
    _commit(client, preview)
    with app.app_context():
        rows = db.session.execute(
            select(
                Shipment.destination_code,
                ShipmentItem.commodity_code,
                ShipmentItem.unit,
                ShipmentItem.quantity_base,
            )
            .join(ShipmentItem)
            .order_by(ShipmentItem.id)
        ).all()
    assert [tuple(r[:3]) + (float(r[3]),) for r in rows] == [
        ("36.02.25.2003", "rice", "sack25", 500.0),
        ("36.02.25.2003", "medicine", "box10", 30.0),
        ("36.02.25.2004", "rice", "sack25", 50.0),
        ("36.02.15.2006", "clothing", "set", 40.0),
        ("36.02.25.2003", "rice", "sack25", 125.0),
    ]


def test_unknown_names_are_refused_with_the_values_accepted(app, client, login_as, scenario):
    login_as("logistics")
    content = _sheet(
        [
            {
                "ref": "X1",
                "origin_depot": "Gudang Entah",
                "destination_code": "Lebakgedong",
                "commodity": "Emas",
                "quantity": "1",
                "unit": "kg",
            },
            {
                "ref": "X2",
                "origin_depot": DEPOT,
                "destination_code": "Lebakgedong",
                "commodity": "Beras",
                "quantity": "1",
                "unit": "karung",
            },  # 25 or 50 kg?
        ]
    )
    response = _upload(client, scenario, content)
    assert response.status_code == 422
    problems = {
        (line, column): text
        for line, column, text in _problems(response.get_data(as_text=True).replace("&#39;", "'"))
    }
    assert problems[("2", "commodity")].startswith(
        "Komoditas tidak dikenal: 'Emas'. Yang diterima: Beras (rice), "
    )
    assert "Pakaian (clothing)" in problems[("2", "commodity")]
    assert problems[("2", "origin_depot")].startswith("Gudang tidak dikenal: 'Gudang Entah'.")
    assert DEPOT in problems[("2", "origin_depot")]
    assert problems[("3", "unit")] == (
        "Satuan tidak dikenal untuk Beras: 'karung'. Yang "
        "diterima: kg, karung 25 kg (sack25), karung 50 kg "
        "(sack50)."
    )


def test_a_village_name_shared_by_several_villages_asks_for_the_kecamatan(
    app, client, login_as, scenario
):
    login_as("logistics")
    content = _sheet(
        [
            {
                "ref": "B1",
                "origin_depot": DEPOT,
                "destination_code": "Banjarsari",
                "commodity": "Beras",
                "quantity": "1",
                "unit": "kg",
            },
            {
                "ref": "B2",
                "origin_depot": DEPOT,
                "destination_code": "Desa Entahlah",
                "commodity": "Beras",
                "quantity": "1",
                "unit": "kg",
            },
        ]
    )
    response = _upload(client, scenario, content)
    assert response.status_code == 422
    problems = {
        (line, column): text
        for line, column, text in _problems(response.get_data(as_text=True).replace("&#39;", "'"))
    }
    namesake = problems[("2", "destination_code")]
    assert namesake.startswith("Nama desa 'Banjarsari' ada di 6 tempat:")
    assert "Desa Banjarsari, Kec. Warunggunung, Kab. Lebak (36.02.15.2006)" in namesake
    assert "Kota Serang" in namesake and "Tambahkan kecamatan" in namesake
    assert problems[("3", "destination_code")].startswith(
        "Desa/kelurahan tidak dikenal di wilayah kejadian: 'Desa Entahlah'."
    )


def test_refusals_are_in_english_on_the_english_interface(app, client, login_as, scenario):
    login_as("logistics")
    content = _sheet(
        [
            {
                "ref": "E1",
                "origin_depot": DEPOT,
                "destination_code": "Lebakgedong",
                "commodity": "gold",
                "quantity": "1",
                "unit": "kg",
            }
        ]
    )
    page = _upload(client, scenario, content, lang="en").get_data(as_text=True)
    assert "Unknown commodity: &#39;gold&#39;. Accepted: Rice (rice)" in page


def test_indonesian_headers_are_read_as_the_columns(app, client, login_as, scenario):
    login_as("logistics")
    header = ("ref", "gudang", "desa", "kecamatan", "komoditas", "jumlah", "satuan")
    content = _sheet(
        [
            {
                "ref": "H1",
                "gudang": DEPOT,
                "desa": "Banjarsari",
                "kecamatan": "Cileles",
                "komoditas": "Beras",
                "jumlah": "4",
                "satuan": "kg",
            }
        ],
        header,
    )
    preview = _upload(client, scenario, content)
    assert preview.status_code == 200
    assert "Desa Banjarsari, Kec. Cileles, Kab. Lebak" in preview.get_data(as_text=True)


def test_the_template_shows_names_and_imports_as_it_is(app, client, login_as, scenario):
    login_as("logistics")
    template = client.get("/shipments/import/template.csv").get_data(as_text=True)
    assert "Beras" in template and "karung 25 kg" in template and "sack25" not in template
    preview = _upload(client, scenario, template.encode())
    assert preview.status_code == 200, _problems(preview.get_data(as_text=True))
