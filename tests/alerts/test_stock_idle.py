"""The stock_idle rule: stock sat in a depot while villages of its regency went short."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from relief.alerts.evaluation import evaluate
from relief.alerts.models import Alert
from relief.alerts.rules import RULES
from relief.alerts.settings import DEFAULTS
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories

VILLAGE = "36.02.25.2003"  # Desa Lebakgedong, Kab. Lebak


def _row(quantity: float, villages: int = 1) -> dict:
    return {
        "village_code": "36.02",
        "commodity_code": "rice",
        "depots": [{"id": 1, "name": "Gudang Lebak", "quantity": quantity}],
        "villages": [{"code": VILLAGE, "name": "Lebakgedong", "coverage": 0.1, "owed": 900.0}]
        * villages,
    }


def test_rule_fires_on_idle_stock_and_short_villages_only():
    rule = RULES["stock_idle"]
    finding = rule.check(_row(1000.0), DEFAULTS)
    assert (finding.level, finding.category) == ("critical", "penundaan_berlarut")
    assert finding.facts["depots"] == ["Gudang Lebak (1000)"]
    assert finding.facts["undersupplied_villages"] == ["Lebakgedong 36.02.25.2003 (10%)"]
    assert finding.facts["idle_quantity"] == 1000.0
    assert rule.check(_row(0.5), DEFAULTS) is None  # below the minimum
    assert rule.check(_row(1000.0, villages=0), DEFAULTS) is None


def _live_case(app) -> dict:
    now = datetime.now(UTC)
    with app.app_context():
        event = factories.event(
            "LIVE1", started_on=date.today() - timedelta(days=5), regency_codes=["36.02"]
        )
        factories.assessment(
            event.id, VILLAGE, assessed_at=now - timedelta(days=4), displaced=300, severity=4
        )
        depot = factories.depot("Gudang BPBD Lebak")
        commit_write()
        ids = {"event_id": event.id, "depot_id": depot.id}
    return ids


def _alerts(app) -> list[Alert]:
    with app.app_context():
        rows = list(db.session.scalars(select(Alert).where(Alert.kind == "stock_idle")))
        db.session.expunge_all()
        return rows


def test_a_receipt_that_sat_while_villages_are_short_opens_the_alert_on_write(
    app, client, token_for
):
    headers = token_for("logistics")
    case = _live_case(app)
    receipt = {
        "kind": "receipt",
        "commodity": "rice",
        "quantity": 40,
        "unit": "sack25",
        "source": "bulog",
        "document_no": "DO-1",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=72)).isoformat(),
    }
    url = f"/api/v1/depots/{case['depot_id']}/stock-entries"
    assert client.post(url, json=receipt, headers=headers).status_code == 201
    [alert] = _alerts(app)
    assert (alert.village_code, alert.commodity_code, alert.level, alert.category) == (
        "36.02",
        "rice",
        "critical",
        "penundaan_berlarut",
    )
    assert alert.facts["depots"] == ["Gudang BPBD Lebak (1000)"]
    assert alert.facts["undersupplied_villages"][0].startswith("Lebakgedong 36.02.25.2003")
    # the stock leaves (stolen): the condition clears, the alert stays for the Ombudsman
    loss = {"kind": "loss", "commodity": "rice", "quantity": 1000, "reason": "stolen"}
    assert client.post(url, json=loss, headers=headers).status_code == 201
    [alert] = _alerts(app)
    assert alert.condition_cleared_at is not None and alert.state == "open"


def test_fresh_stock_is_not_idle(app, client, token_for):
    headers = token_for("logistics")
    case = _live_case(app)
    receipt = {
        "kind": "receipt",
        "commodity": "rice",
        "quantity": 40,
        "unit": "sack25",
        "source": "donation",
        "document_no": "SUMBANGAN-7",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
    }
    url = f"/api/v1/depots/{case['depot_id']}/stock-entries"
    assert client.post(url, json=receipt, headers=headers).status_code == 201
    assert _alerts(app) == []
    with app.app_context():  # later, the periodic evaluation finds it idle
        evaluate(case["event_id"], as_of=datetime.now(UTC) + timedelta(hours=49))
        commit_write()
    assert len(_alerts(app)) == 1


def test_regency_pdf_shows_stock_against_needs(app, client, token_for, login_as):
    import io

    from pypdf import PdfReader

    headers = token_for("logistics")
    case = _live_case(app)
    receipt = {
        "kind": "receipt",
        "commodity": "rice",
        "quantity": 40,
        "unit": "sack25",
        "source": "bulog",
        "document_no": "DO-1",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=72)).isoformat(),
    }
    client.post(f"/api/v1/depots/{case['depot_id']}/stock-entries", json=receipt, headers=headers)
    login_as("ombudsman")
    response = client.get("/alerts/report.pdf?regency=36.02")
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Stok gudang dan kebutuhan kabupaten" in text
    assert "Gudang BPBD Lebak 1.000" in text
    assert "Stok menganggur di gudang" in text
