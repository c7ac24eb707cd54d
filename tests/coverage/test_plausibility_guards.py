"""Implausible assessments are refused with Indonesian field messages, nothing written,
unless an override reason is given; the override is kept and flagged in the alert queue."""

import pytest
from sqlalchemy import func, select

from relief.alerts.models import Alert
from relief.audit.models import PlausibilityOverride
from relief.coverage.models import Assessment
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests.coverage.conftest import BANJARSARI


@pytest.fixture
def event_id(make_event):
    event_id = make_event().id
    commit_write()
    return event_id


def _body(event_id, **kw):
    return {
        "event_id": event_id,
        "village_code": BANJARSARI,
        "assessed_at": "2020-01-02T03:00:00+00:00",
        "displaced_persons": 120,
        "affected_persons": 400,
        "households": 100,
        "displaced_households": 30,
        **kw,
    }


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"displaced_persons": 999_999}, "displaced_persons", "melebihi jumlah penduduk desa"),
        (
            {"households": 40, "displaced_households": 90},
            "displaced_households",
            "KK mengungsi (90) melebihi KK terdampak (40)",
        ),
        ({"assessed_at": "2019-01-02T03:00:00+00:00"}, "assessed_at", "di luar masa kejadian"),
    ],
)
def test_implausible_assessments_are_refused_and_nothing_is_written(
    client, token_for, event_id, overrides, field, words
):
    response = client.post(
        "/api/v1/assessments", json=_body(event_id, **overrides), headers=token_for("logistics")
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "implausible", error
    assert words in error["fields"][field][0]
    assert "override_reason" in error["fields"]
    assert _count(Assessment) == 0


def test_an_override_with_a_reason_is_kept_and_flagged_in_the_alert_queue(
    client, token_for, event_id
):
    response = client.post(
        "/api/v1/assessments",
        json=_body(
            event_id,
            displaced_persons=5000,
            override_reason="Pengungsi dari desa tetangga ikut mengungsi di balai desa ini.",
        ),
        headers=token_for("logistics"),
    )
    assert response.status_code == 201, response.json
    override = db.session.scalar(select(PlausibilityOverride))
    assert override.guard == "displaced_persons_population"
    assert override.reason.startswith("Pengungsi dari desa tetangga")
    alert = db.session.scalar(select(Alert).where(Alert.kind == "plausibility_override"))
    assert alert is not None and alert.village_code == BANJARSARI
    assert "desa tetangga" in alert.facts["overrides"][0]
