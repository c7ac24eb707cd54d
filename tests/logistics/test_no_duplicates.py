"""No duplicates: a form posted twice creates one shipment, and a bulk import refuses a file
already imported and a ref already used for the same event, naming both."""

import io
import re

import pytest
from sqlalchemy import func, select

from relief.extensions import db
from relief.logistics.models import Shipment
from tests.logistics.test_import import GOOD, HEADER
from tests.logistics.test_pages import _form_body


@pytest.fixture(autouse=True)
def _import_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path))


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Shipment))


def test_the_shipment_form_posted_twice_creates_one_shipment(app, client, login_as, scenario):
    login_as("logistics")
    page = client.get("/shipments/new").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    body = dict(_form_body(scenario, [("rice", "40", "sack25")]), form_token=token)
    first = client.post("/shipments/new", data=body)
    again = client.post("/shipments/new", data=body)  # double click, or Back and resend
    assert first.status_code == 302 and again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert _count(app) == 1


def test_a_refused_form_keeps_its_token_usable(app, client, login_as, scenario):
    login_as("logistics")
    body = dict(_form_body(scenario, [("rice", "2", "no-such-unit")]), form_token="t" * 24)
    assert client.post("/shipments/new", data=body).status_code == 422
    body = dict(_form_body(scenario, [("rice", "2", "sack25")]), form_token="t" * 24)
    assert client.post("/shipments/new", data=body).status_code == 302
    assert _count(app) == 1


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


def _commit(client, preview):
    token = re.search(
        r'name="token" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)
    ).group(1)
    return client.post("/shipments/import/commit", data={"token": token})


def test_the_same_file_imported_twice_is_refused_naming_the_first_import(
    app, client, login_as, scenario
):
    login_as("logistics")
    assert _commit(client, _upload(client, scenario, GOOD)).status_code == 302
    again = _upload(client, scenario, GOOD, name="salinan.csv")
    page = again.get_data(as_text=True)
    assert again.status_code == 422
    assert "Berkas ini sudah diimpor: kiriman.csv" in page
    assert "Ref A1 sudah dipakai untuk kejadian ini: impor kiriman.csv, surat jalan SJ/" in page
    assert _count(app) == 2


def test_a_ref_already_used_for_the_event_is_refused_in_another_file(
    app, client, login_as, scenario
):
    login_as("logistics")
    assert _commit(client, _upload(client, scenario, GOOD)).status_code == 302
    other = [GOOD[2].replace("30,set", "35,set")]  # ref A2 again, another file
    response = _upload(client, scenario, other, name="susulan.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ref A2 sudah dipakai untuk kejadian ini: impor kiriman.csv" in page
    assert _count(app) == 2
