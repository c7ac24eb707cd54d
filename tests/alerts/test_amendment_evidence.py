"""Corrections in the alert rules and the evidence: a BAST amended to the full quantity clears
the receipt gap from then on; the evidence page and PDF show the amended figure, marked, with
the reason."""

import io

from pypdf import PdfReader

from tests.alerts.conftest import VILLAGE

REASON = "BAST salah tulis: 10 kg yang ditolak ternyata diterima."


def _amend_bast(client, logistics, shipment: dict):
    line = shipment["receipt"]["items"][0]
    return client.post(
        f"/api/v1/shipments/{shipment['id']}/receipt/amendments",
        json={
            "revision": 1,
            "reason": REASON,
            "items": [
                {"shipment_item_id": line["shipment_item_id"], "accepted": 50, "rejected": 0}
            ],
        },
        headers=logistics,
    )


def test_an_amended_bast_clears_the_receipt_gap_and_shows_in_the_evidence(
    app, client, ship, assess, logistics, alerts_of, login_as
):
    assess(VILLAGE)
    shipment = ship(
        receipt=[{"commodity": "rice", "accepted": 40, "rejected": 10, "reason": "basah"}]
    )
    gap = [a for a in alerts_of("receipt_gap") if a["village_code"] == VILLAGE]
    assert gap and gap[0]["condition_cleared_at"] is None
    assert _amend_bast(client, logistics, shipment).status_code == 201
    gap = [a for a in alerts_of("receipt_gap") if a["village_code"] == VILLAGE]
    assert gap[0]["condition_cleared_at"] is not None  # re-evaluated in the write
    login_as("ombudsman")
    page = client.get(f"/alerts/{gap[0]['id']}").get_data(as_text=True)
    assert REASON in page and "50 kg" in page and "dikoreksi" in page
    pdf = client.get(f"/alerts/{gap[0]['id']}/report.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Koreksi" in text and "50 kg *" in text
    assert "BAST salah tulis" in text
