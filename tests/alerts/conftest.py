"""Factories for alert tests: event, depot, assessments, shipments through the API."""

from datetime import date, datetime, timedelta

import pytest

from relief.core.models import utcnow
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories

VILLAGE = "36.02.25.2003"  # Desa Lebakgedong, Kab. Lebak
NEIGHBOUR = "36.02.25.2004"  # Desa Banjarsari, Kab. Lebak


@pytest.fixture
def scenario(app):
    """A committed event (started four days ago) and a depot; returns their ids."""
    with app.app_context():
        event = factories.event("BJR2020", started_on=(utcnow() - timedelta(days=4)).date())
        depot = factories.depot("BPBD Kabupaten Lebak")
        commit_write()
        return {"event_id": event.id, "origin_depot_id": depot.id}


@pytest.fixture
def assess(app, scenario):
    """Factory: a committed assessment `hours_ago`, announced like a real write."""
    from relief.core import changes

    def make(
        code: str = VILLAGE, severity: int = 4, displaced: int = 100, hours_ago: float = 80
    ) -> None:
        with app.app_context():
            factories.assessment(
                scenario["event_id"],
                code,
                severity=severity,
                assessed_at=utcnow() - timedelta(hours=hours_ago),
                displaced=displaced,
                households=displaced * 2 // 4,
            )
            changes.note_villages(changes.ASSESSMENTS, "test", scenario["event_id"], {code})
            commit_write()

    return make


@pytest.fixture
def logistics(token_for):
    """Bearer header of a logistics user."""
    return token_for("logistics")


@pytest.fixture
def ombudsman(token_for):
    """Bearer header of an Ombudsman user."""
    return token_for("ombudsman")


@pytest.fixture
def ship(app, client, scenario, logistics):
    """Factory: create, dispatch and deliver a shipment through the API; returns its JSON."""

    def make(
        code: str = VILLAGE,
        rice_sacks: int = 2,
        hours_ago: float = 1,
        receipt: list | None = None,
        deliver: bool = True,
    ) -> dict:
        at = (utcnow() - timedelta(hours=hours_ago)).isoformat()
        body = {
            **scenario,
            "destination_code": code,
            "items": [{"commodity": "rice", "quantity": rice_sacks, "unit": "sack25"}],
        }
        created = client.post("/api/v1/shipments", json=body, headers=logistics)
        assert created.status_code == 201, created.json
        sid = created.json["id"]
        _backdate(app, sid, utcnow() - timedelta(hours=hours_ago + 1))
        sent = client.post(
            f"/api/v1/shipments/{sid}/dispatch",
            json={"version": created.json["version"], "dispatched_at": at},
            headers=logistics,
        )
        assert sent.status_code == 200, sent.json
        if not deliver:
            return sent.json
        data = {"version": sent.json["version"], "delivered_at": at}
        if receipt is not None:
            data.update(received_by="Kepala Desa", items=receipt)
        done = client.post(f"/api/v1/shipments/{sid}/deliver", json=data, headers=logistics)
        assert done.status_code == 200, done.json
        return done.json

    return make


def _backdate(app, shipment_id: int, at: datetime) -> None:
    """The API records creation at 'now'; scenarios need shipments logged days ago."""
    from sqlalchemy import update

    from relief.logistics.models import Shipment

    with app.app_context():
        db.session.execute(update(Shipment).where(Shipment.id == shipment_id).values(created_at=at))
        commit_write()


@pytest.fixture
def alerts_of(client, ombudsman):
    """Fetch the alert queue through the API, optionally one kind."""

    def fetch(kind: str | None = None) -> list[dict]:
        response = client.get(
            "/api/v1/alerts", query_string={"kind": kind} if kind else {}, headers=ombudsman
        )
        assert response.status_code == 200, response.json
        return response.json["items"]

    return fetch


@pytest.fixture
def evaluate_all(app, scenario):
    """Run a full evaluation (like `flask alerts evaluate`) and commit; returns the counts."""
    from relief.alerts.evaluation import evaluate

    def run(as_of: datetime | None = None) -> dict:
        with app.app_context():
            counts = evaluate(scenario["event_id"], as_of=as_of)
            commit_write()
            return counts

    return run


@pytest.fixture
def day():
    """Today's date (for planned deliveries)."""
    return date.today()


@pytest.fixture
def make_alert(app, scenario):
    """Factory: a committed alert in a given state (as the rules would open it); returns id."""
    from relief.alerts.models import Alert, fingerprint_of

    counter = iter(range(1, 1000))

    def make(
        state: str = "open",
        kind: str = "no_delivery",
        level: str = "critical",
        opened_hours_ago: float = 1,
    ) -> int:
        opened = utcnow() - timedelta(hours=opened_hours_ago)
        code = f"36.02.25.{2000 + next(counter)}"
        with app.app_context():
            alert = Alert(
                fingerprint=fingerprint_of(kind, scenario["event_id"], code, None),
                kind=kind,
                event_id=scenario["event_id"],
                village_code=VILLAGE,
                regency_code="36.02",
                level=level,
                category="tidak_memberikan_pelayanan",
                suggested_category="tidak_memberikan_pelayanan",
                opening_facts={"severity": 4},
                facts={"severity": 4},
                opened_at=opened,
                evaluated_at=opened,
                state=state,
                response_due_at=opened + timedelta(days=3),
                resolution_due_at=opened + timedelta(days=14),
            )
            db.session.add(alert)
            commit_write()
            return alert.id

    return make
