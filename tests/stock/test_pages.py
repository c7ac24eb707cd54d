"""Stock pages: the depots' table, a depot's form and ledger, the receipt import (all or
nothing, a file once), and the Ombudsman's stock against needs."""

from sqlalchemy import func, select

from relief.extensions import db
from relief.stock.models import StockEntry, StockImport

CSV = (
    "depot,commodity,quantity,unit,source,document_no,received_at,note\n"
    "BPBD Kabupaten Lebak,rice,40,sack25,bulog,DO-1,2020-01-02 08:00,\n"
    "BPBD Kabupaten Lebak,clothing,50,set,kemensos,BAST-7,2020-01-02,dus\n"
)


def _entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StockEntry))


def test_logistics_records_a_receipt_on_the_depot_page(app, client, scenario, login_as):
    login_as("logistics")
    depot = scenario["origin_depot_id"]
    page = client.get(f"/depots/{depot}/stock")
    assert page.status_code == 200
    assert "Catat stok" in page.get_data(as_text=True)
    response = client.post(
        f"/depots/{depot}/stock",
        data={
            "kind": "receipt",
            "commodity": "rice",
            "quantity": "20",
            "unit": "sack25",
            "source": "bulog",
            "document_no": "DO-77",
            "reason": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"/depots/{depot}/stock").get_data(as_text=True)
    assert "DO-77" in page and "500" in page
    assert "BPBD Kabupaten Lebak" in client.get("/stock").get_data(as_text=True)


def test_bad_entry_is_shown_beside_the_field_and_nothing_saved(app, client, scenario, login_as):
    login_as("logistics")
    response = client.post(
        f"/depots/{scenario['origin_depot_id']}/stock",
        data={
            "kind": "receipt",
            "commodity": "rice",
            "quantity": "5",
            "unit": "",
            "source": "",
            "document_no": "",
            "reason": "",
            "note": "",
        },
    )
    assert response.status_code == 422
    assert "Pilih sumber barang." in response.get_data(as_text=True)
    assert _entries(app) == 0


def test_ombudsman_reads_but_cannot_write_stock(app, client, scenario, login_as):
    login_as("ombudsman")
    depot = scenario["origin_depot_id"]
    page = client.get(f"/depots/{depot}/stock")
    assert page.status_code == 200 and "Catat stok" not in page.get_data(as_text=True)
    assert client.post(f"/depots/{depot}/stock", data={"kind": "loss"}).status_code == 403
    assert client.get("/ombudsman/stock").status_code == 200


def test_receipt_import_previews_commits_all_and_refuses_the_same_file(
    app, client, scenario, login_as
):
    import io

    login_as("logistics")
    bad = CSV.replace("kemensos", "hibah")
    preview = client.post("/stock/import", data={"file": (io.BytesIO(bad.encode()), "s.csv")})
    assert preview.status_code == 422
    assert "Sumber" in preview.get_data(as_text=True)
    preview = client.post("/stock/import", data={"file": (io.BytesIO(CSV.encode()), "s.csv")})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    text = preview.get_data(as_text=True)
    token = text.split('name="token" type="hidden" value="')[1].split('"')[0]
    committed = client.post("/stock/import/commit", data={"token": token})
    assert committed.status_code == 302
    assert _entries(app) == 2
    again = client.post("/stock/import", data={"file": (io.BytesIO(CSV.encode()), "lagi.csv")})
    assert again.status_code == 422
    assert "sudah diimpor" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StockImport)) == 1


def test_dispatch_page_says_why_stock_refuses_it(
    app, client, scenario, new_shipment, logistics_headers, login_as
):
    depot = scenario["origin_depot_id"]
    client.post(
        f"/api/v1/depots/{depot}/stock-entries",
        json={
            "kind": "receipt",
            "commodity": "rice",
            "quantity": 100,
            "source": "bulog",
            "document_no": "DO-1",
        },
        headers=logistics_headers,
    )
    shipment = new_shipment()
    login_as("logistics")
    response = client.post(
        f"/shipments/{shipment['id']}/dispatch", data={"version": shipment["version"]}
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "tidak cukup" in text and "diminta 500 kg" in text
    assert "{" not in text.split("tidak cukup")[1][:300]
