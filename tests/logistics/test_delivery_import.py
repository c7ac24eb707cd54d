"""Back-filled deliveries: one file creates dispatched, delivered shipments with their BAST,
or nothing at all; coverage counts what the BAST accepted."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from relief.audit.models import AuditEntry
from relief.coverage.queries import delivered_to_village
from relief.extensions import db
from relief.logistics.delivery_import import COLUMNS, parse_moment
from relief.logistics.models import Receipt, Shipment

DEPOT = "BPBD Kabupaten Lebak"
BASE = {
    "origin_depot": DEPOT,
    "destination_code": "Banjarsari, Lebakgedong",
    "dispatched_at": "2020-01-05 08:00",
    "delivered_at": "2020-01-05 14:30",
}
BAST = {
    "received_at": "2020-01-05 14:45",
    "received_by": "Dadang Suherman",
    "receiver_role": "Kepala Desa",
}


@pytest.fixture(autouse=True)
def _import_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path))


def _sheet(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


GOOD = [
    {
        **BASE,
        **BAST,
        "ref": "T1",
        "commodity": "Beras",
        "quantity": "20",
        "unit": "karung 25 kg",
        "accepted": "19",
        "rejected": "1",
        "reason": "karung basah",
    },
    {**BASE, **BAST, "ref": "T1", "commodity": "Pakaian", "quantity": "30", "unit": "stel"},
    {
        **BASE,
        "ref": "T2",
        "destination_code": "36.02.25.2003",
        "commodity": "Beras",
        "quantity": "100",
        "unit": "kg",
    },  # delivered, BAST still missing
]


def _upload(client, scenario, content: bytes):
    return client.post(
        "/shipments/import/deliveries",
        data={
            "event_id": str(scenario["event_id"]),
            "file": (io.BytesIO(content), "tiba.csv"),
        },
        content_type="multipart/form-data",
    )


def _commit(client, preview):
    token = re.search(
        r'name="token" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)
    ).group(1)
    return client.post("/shipments/import/deliveries/commit", data={"token": token})


def _problems(response) -> dict:
    page = response.get_data(as_text=True).replace("&#39;", "'")
    return {
        (line, column): text
        for line, column, text in re.findall(
            r"<tr><td>(\d+|-)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page
        )
    }


def _count(app, model=Shipment) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_times_are_read_as_wib_unless_they_carry_an_offset():
    assert parse_moment("2020-01-05 14:30") == datetime(2020, 1, 5, 7, 30, tzinfo=UTC)
    assert parse_moment("05/01/2020 14:30") == datetime(2020, 1, 5, 7, 30, tzinfo=UTC)
    assert parse_moment("2020-01-05T14:30+00:00") == datetime(2020, 1, 5, 14, 30, tzinfo=UTC)
    assert parse_moment("kemarin sore") is None


def test_one_bad_row_refuses_the_whole_file_with_every_row_named(app, client, login_as, scenario):
    login_as("logistics")
    rows = [
        *GOOD,
        {
            **BASE,
            **BAST,
            "ref": "T3",
            "commodity": "Beras",
            "quantity": "10",
            "unit": "kg",
            "rejected": "2",
        },  # a rejection without its reason
        {
            **BASE,
            "ref": "T4",
            "commodity": "Beras",
            "quantity": "1",
            "unit": "kg",
            "delivered_at": "2020-01-04 08:00",
        },  # arrived before it left
        {
            **BASE,
            "ref": "T5",
            "commodity": "Beras",
            "quantity": "1",
            "unit": "kg",
            "dispatched_at": "besok pagi",
        },
    ]
    response = _upload(client, scenario, _sheet(rows))
    assert response.status_code == 422
    problems = _problems(response)
    assert problems[("5", "reason")] == "Alasan penolakan wajib diisi bila ada yang ditolak."
    assert problems[("6", "delivered_at")].startswith("Waktu ini tidak boleh sebelum")
    assert problems[("7", "dispatched_at")].startswith("Waktu tidak terbaca: 'besok pagi'.")
    assert "Simpan semua" not in response.get_data(as_text=True)
    assert _count(app) == 0


def test_a_refusal_by_the_services_at_commit_saves_nothing(
    app, client, login_as, scenario, monkeypatch
):
    login_as("logistics")
    preview = _upload(client, scenario, _sheet(GOOD))
    assert preview.status_code == 200, _problems(preview)
    from relief.core.errors import DomainError
    from relief.logistics import services

    real = services.dispatch_shipment
    calls = []

    def refuse_second(shipment, *args, **kwargs):
        calls.append(shipment.id)
        if len(calls) == 2:
            raise DomainError("Data tidak valid.", {"dispatched_at": ["uji penolakan"]})
        return real(shipment, *args, **kwargs)

    monkeypatch.setattr(services, "dispatch_shipment", refuse_second)
    response = _commit(client, preview)
    assert response.status_code == 422
    assert _problems(response)[("4", "dispatched_at")] == "Data tidak valid. uji penolakan"
    assert _count(app) == 0 and _count(app, Receipt) == 0


def test_a_good_file_creates_delivered_shipments_with_bast_that_coverage_counts(
    app, client, login_as, scenario
):
    login_as("logistics")
    preview = _upload(client, scenario, _sheet(GOOD))
    assert preview.status_code == 200, _problems(preview)
    page = preview.get_data(as_text=True)
    assert "Dadang Suherman (Kepala Desa)" in page and "karung basah" in page
    assert _commit(client, preview).status_code == 302
    with app.app_context():
        shipments = {s.destination_code: s for s in db.session.scalars(select(Shipment))}
        assert {s.status for s in shipments.values()} == {"delivered"}
        banjarsari = shipments["36.02.25.2004"]
        assert banjarsari.dispatched_at == datetime(2020, 1, 5, 1, 0, tzinfo=UTC)
        assert banjarsari.delivered_at == datetime(2020, 1, 5, 7, 30, tzinfo=UTC)
        receipt = banjarsari.receipt
        assert receipt.received_by == "Dadang Suherman"
        assert receipt.received_at == datetime(2020, 1, 5, 7, 45, tzinfo=UTC)
        lines = {
            i.commodity_code: (float(i.accepted_base), float(i.rejected_base), i.reason)
            for i in receipt.items
        }
        assert lines == {"rice": (475.0, 25.0, "karung basah"), "clothing": (30.0, 0.0, "")}
        assert shipments["36.02.25.2003"].receipt is None
        as_of = datetime(2020, 1, 6, tzinfo=UTC)
        assert delivered_to_village(scenario["event_id"], as_of, "36.02.25.2004") == {
            "rice": 475.0,
            "clothing": 30.0,
        }
        assert delivered_to_village(scenario["event_id"], as_of, "36.02.25.2003") == {"rice": 100.0}
        actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"create_shipment", "dispatch_shipment", "deliver_shipment", "record_receipt"} <= actions


def test_the_same_file_or_a_used_ref_is_refused_the_second_time(app, client, login_as, scenario):
    login_as("logistics")
    assert _commit(client, _upload(client, scenario, _sheet(GOOD))).status_code == 302
    again = _upload(client, scenario, _sheet(GOOD))
    assert again.status_code == 422
    text = again.get_data(as_text=True)
    assert "Berkas ini sudah diimpor" in text and "Ref T1 sudah dipakai" in text
    other_file = _upload(client, scenario, _sheet([{**GOOD[2], "notes": "lain"}]))
    assert other_file.status_code == 422 and "Ref T2 sudah dipakai" in other_file.get_data(
        as_text=True
    )
    assert _count(app) == 2


def test_outside_the_scope_the_whole_file_is_refused(app, client, make_user, scenario):
    _, username, password = make_user("logistics", area_codes=["36.01"])  # Pandeglang only
    client.post("/login", data={"username": username, "password": password})
    preview = _upload(client, scenario, _sheet(GOOD))
    assert preview.status_code == 200
    response = _commit(client, preview)
    assert response.status_code == 422
    assert _count(app) == 0


def test_the_template_downloads_and_imports_as_it_is(app, client, login_as, scenario):
    login_as("logistics")
    template = client.get("/shipments/import/deliveries/template.csv")
    assert template.status_code == 200
    assert template.get_data(as_text=True).splitlines()[0] == ",".join(COLUMNS)
    preview = _upload(client, scenario, template.get_data())
    assert preview.status_code == 200, _problems(preview)
