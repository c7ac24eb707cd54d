"""Alert pages: queue with badge and dashboard counts, detail and forms, printouts, exports."""

import io

from openpyxl import load_workbook


def test_queue_lists_alerts_and_nav_badge_counts_active_ones(client, make_alert, login_as):
    make_alert()
    make_alert(state="resolved")
    login_as("ombudsman")
    page = client.get("/alerts")
    assert page.status_code == 200
    assert page.data.count(b'href="/alerts/') >= 2
    assert b"alert-count" in page.data and b">1</span>" in page.data
    assert b"Peringatan Ombudsman" in client.get("/dashboard").data


def test_queue_rejects_bad_filters_with_422(client, login_as):
    login_as("ombudsman")
    assert client.get("/alerts?level=loud").status_code == 422


def test_detail_shows_facts_timeline_evidence_and_role_forms(client, make_alert, login_as):
    alert_id = make_alert()
    login_as("logistics")
    page = client.get(f"/alerts/{alert_id}").data.decode()
    assert "Fakta yang memicu" in page and "/villages/36.02.25.2003" in page
    assert 'value="acknowledge"' in page and 'value="resolve"' not in page


def test_logistics_responds_through_the_form_and_ombudsman_resolves(client, make_alert, login_as):
    alert_id = make_alert()
    login_as("logistics")
    response = client.post(
        f"/alerts/{alert_id}/actions",
        data={"action": "respond", "note": "Dikirim 1 ton beras", "planned_delivery": "2020-01-12"},
    )
    assert response.status_code == 302
    login_as("ombudsman")
    page = client.get(f"/alerts/{alert_id}").data.decode()
    assert "Dikirim 1 ton beras" in page and "Rencana pengiriman: 12 Jan 2020" in page
    refused = client.post(
        f"/alerts/{alert_id}/actions", data={"action": "resolve", "note": ""}, follow_redirects=True
    ).data.decode()
    assert "Peringatan kritis hanya dapat diselesaikan dengan catatan." in refused
    client.post(
        f"/alerts/{alert_id}/actions",
        data={"action": "resolve", "note": "Beras 1 ton diterima, BAST diperiksa."},
    )
    page = client.get(f"/alerts/{alert_id}").data.decode()
    assert "Selesai" in page and "Beras 1 ton diterima, BAST diperiksa." in page
    assert ">Buka kembali</button>" in page  # buttons say what they do, as verbs


def test_form_action_the_state_forbids_is_flashed_and_changes_nothing(client, make_alert, login_as):
    alert_id = make_alert(state="resolved")
    login_as("logistics")
    client.post(f"/alerts/{alert_id}/actions", data={"action": "acknowledge"})
    page = client.get(f"/alerts/{alert_id}").data.decode()
    assert "tidak berlaku" in page and "Diterima logistik" not in page


def test_printable_reports_per_alert_and_per_regency(client, make_alert, login_as):
    alert_id = make_alert()
    login_as("ombudsman")
    single = client.get(f"/alerts/{alert_id}/print")
    assert single.status_code == 200 and b"Laporan bukti peringatan" in single.data
    regency = client.get("/alerts/report?regency=36.02")
    assert regency.status_code == 200 and f"#{alert_id}".encode() in regency.data
    assert client.get("/alerts/report").status_code == 422


def test_exports_csv_and_xlsx_follow_the_filters(client, make_alert, login_as):
    make_alert()
    make_alert(kind="unconfirmed", level="warning")
    login_as("ombudsman")
    csv_text = client.get("/alerts/export.csv?level=warning").data.decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Nomor,Jenis,Tingkat") and len(lines) == 2
    assert "Penerimaan belum dikonfirmasi" in lines[1] and lines[1].endswith(",unconfirmed")
    book = load_workbook(io.BytesIO(client.get("/alerts/export.xlsx").data))
    assert book.active.max_row == 3


def test_notifications_page_is_for_admin_only(client, login_as):
    login_as("ombudsman")
    assert client.get("/alerts/notifications").status_code == 403


def test_queue_filters_by_village_and_the_village_page_links_to_it(
    client, make_alert, login_as, token_for
):
    make_alert()
    headers = token_for("ombudsman")
    own = client.get("/api/v1/alerts?village=36.02.25.2003", headers=headers).json
    other = client.get("/api/v1/alerts?village=36.02.25.2004", headers=headers).json
    assert (own["total"], other["total"]) == (1, 0)
    assert client.get("/api/v1/alerts?village=36.02", headers=headers).status_code == 422
    login_as("ombudsman")
    page = client.get("/villages/36.02.25.2003").get_data(as_text=True)
    assert "/alerts?village=36.02.25.2003" in page


def test_evidence_names_goods_with_units_not_codes(client, make_alert, ship, login_as):
    ship(
        rice_sacks=2,
        receipt=[{"commodity": "rice", "accepted": 45, "rejected": 5, "reason": "karung basah"}],
    )
    alert_id = make_alert(kind="undersupplied")
    login_as("ombudsman")
    page = client.get(f"/alerts/{alert_id}").data.decode()
    assert "Beras 50 kg" in page and "Beras 45 kg" in page and "rice 50" not in page
    client.get("/lang/en")
    assert "Rice 45 kg" in client.get(f"/alerts/{alert_id}").data.decode()
