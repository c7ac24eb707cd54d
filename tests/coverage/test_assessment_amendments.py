"""Corrections of assessments as amendments: need follows the amended figures from the
amendment's time on; the original stays; reason, guards, scope and revision are checked."""

from datetime import UTC, datetime

import pytest

from relief.coverage.models import Assessment
from relief.coverage.queries import village_coverage
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories
from tests.coverage.conftest import BANJARSARI

REASON = "Pendataan ulang posko: angka pengungsi salah catat."


@pytest.fixture
def assessment(app, client, token_for):
    """A recorded assessment (120 displaced in Banjarsari) and the writer's header."""
    # No app context stays pushed: requests of several users must not share one (its `g`
    # keeps the signed-in user).
    with app.app_context():
        event_id = factories.event(norm_profile="kemensos").id
        commit_write()
    headers = token_for("logistics")
    response = client.post(
        "/api/v1/assessments",
        json={
            "event_id": event_id,
            "village_code": BANJARSARI,
            "assessed_at": "2020-01-02T03:00:00+00:00",
            "displaced_persons": 120,
            "displaced_households": 30,
            "affected_persons": 400,
            "households": 30,
        },
        headers=headers,
    )
    assert response.status_code == 201, response.json
    return response.json, headers


def _amend(client, headers, assessment_id, revision=1, **figures):
    return client.post(
        f"/api/v1/assessments/{assessment_id}/amendments",
        json={"revision": revision, "reason": REASON, **figures},
        headers=headers,
    )


def _rice_need(event_id, as_of) -> float:
    rows = village_coverage(event_id, as_of, codes={BANJARSARI})
    return next(r for r in rows if r["commodity"] == "rice")["need"]


def test_need_uses_amended_figures_only_from_the_amendment_on(app, client, assessment):
    recorded, headers = assessment
    before = datetime.now(UTC)
    response = _amend(
        client,
        headers,
        recorded["id"],
        displaced_persons=600,
        displaced_households=150,
        households=150,
    )
    assert response.status_code == 201, response.json
    changed = {c["field"]: (c["old"], c["new"]) for c in response.json["changes"]}
    assert changed["displaced_persons"] == (120, 600)
    assert changed["severity"] == (3, 4)  # 600 of 2,061 people displaced: 29 %
    with app.app_context():
        assert _rice_need(recorded["event_id"], before) == pytest.approx(120 * 0.4 * 28)
        assert _rice_need(recorded["event_id"], datetime.now(UTC)) == pytest.approx(600 * 0.4 * 28)
        row = db.session.get(Assessment, recorded["id"])
        assert (row.displaced_persons, row.severity) == (120, 3)  # the original stays
    got = client.get(f"/api/v1/assessments/{recorded['id']}", headers=headers).json
    assert got["displaced_persons"] == 120 and got["current"]["displaced_persons"] == 600
    assert got["revision"] == 2 and got["amendments"][0]["reason"] == REASON


def test_plausibility_guards_apply_to_amended_figures(client, assessment):
    recorded, headers = assessment
    refused = _amend(
        client,
        headers,
        recorded["id"],
        displaced_persons=999_999,
        displaced_households=200_000,
        households=200_000,
    )
    assert refused.status_code == 422
    assert "displaced_persons" in refused.json["error"]["fields"]
    assert "override_reason" in refused.json["error"]["fields"]


def test_reason_revision_and_scope_are_checked(app, client, assessment, token_for, make_user):
    from relief.auth.models import User

    recorded, headers = assessment
    short = client.post(
        f"/api/v1/assessments/{recorded['id']}/amendments",
        json={"revision": 1, "reason": "salah", "deaths": 1},
        headers=headers,
    )
    assert short.status_code == 422 and "reason" in short.json["error"]["fields"]
    user_id, _, _ = make_user("logistics", area_codes=["36.01"])
    with app.app_context():
        outsider = {"Authorization": f"Bearer {factories.token(db.session.get(User, user_id))}"}
        commit_write()
    assert _amend(client, outsider, recorded["id"], deaths=1).status_code == 403
    assert _amend(client, token_for("ombudsman"), recorded["id"], deaths=1).status_code == 403
    assert _amend(client, headers, recorded["id"], deaths=1).status_code == 201
    assert _amend(client, headers, recorded["id"], deaths=2).status_code == 409
    listed = client.get(f"/api/v1/assessments/{recorded['id']}/amendments", headers=headers)
    assert [a["revision"] for a in listed.json] == [2]


def test_amending_an_assessment_reevaluates_its_village(client, assessment, monkeypatch):
    from relief.alerts import after_write

    recorded, headers = assessment
    seen = []
    monkeypatch.setattr(after_write, "evaluate_touched", lambda touches: seen.extend(touches))
    assert _amend(client, headers, recorded["id"], deaths=1).status_code == 201
    assert [(t.subject, t.action, t.village_codes) for t in seen] == [
        ("assessments", "amend_assessment", {BANJARSARI})
    ]


def test_assessment_page_corrects_figures_and_shows_the_history(app, client, make_user):
    with app.app_context():
        event_id = factories.event(norm_profile="kemensos").id
        row = factories.assessment(
            event_id, BANJARSARI, datetime(2020, 1, 2, tzinfo=UTC), displaced=120, households=30
        )
        assessment_id = row.id
        commit_write()
    _, username, password = make_user("logistics")
    client.post("/login", data={"username": username, "password": password})
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Koreksi asesmen" in page and "Belum ada koreksi" in page
    refused = client.post(
        f"/assessments/{assessment_id}",
        data={"revision": "1", "displaced_persons": "150", "reason": ""},
    )
    assert refused.status_code == 422
    assert "paling sedikit 10 karakter" in refused.get_data(as_text=True)
    saved = client.post(
        f"/assessments/{assessment_id}",
        data={"revision": "1", "displaced_persons": "150", "reason": REASON},
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert REASON in page and "<s>120</s> &rarr; <b>150</b>" in page
    village = client.get(f"/villages/{BANJARSARI}?event_id={event_id}").get_data(as_text=True)
    assert f"/assessments/{assessment_id}" in village and "dikoreksi" in village


def test_ombudsman_reads_the_assessment_page_but_cannot_correct(app, client, login_as):
    with app.app_context():
        event_id = factories.event(norm_profile="kemensos").id
        assessment_id = factories.assessment(event_id, BANJARSARI, displaced=10).id
        commit_write()
    login_as("ombudsman")
    page = client.get(f"/assessments/{assessment_id}")
    assert page.status_code == 200 and "Koreksi asesmen" not in page.get_data(as_text=True)
    assert (
        client.post(
            f"/assessments/{assessment_id}", data={"revision": "1", "deaths": "1", "reason": REASON}
        ).status_code
        == 403
    )


def test_the_latest_amendment_at_or_before_the_moment_counts(app):
    from relief.coverage.amendments import amend_assessment

    with app.app_context():
        event = factories.event(norm_profile="kemensos")
        row = factories.assessment(
            event.id, BANJARSARI, datetime(2020, 1, 2, tzinfo=UTC), displaced=100, households=25
        )
        commit_write()
        for revision, (day, displaced) in enumerate(((5, 200), (8, 300)), start=1):
            amend_assessment(
                row,
                {"revision": revision, "reason": REASON, "displaced_persons": displaced},
                at=datetime(2020, 1, day, tzinfo=UTC),
            )
            commit_write()
        displaced = {
            day: next(
                r
                for r in village_coverage(
                    event.id, datetime(2020, 1, day, 12, tzinfo=UTC), codes={BANJARSARI}
                )
            )["displaced"]
            for day in (4, 5, 7, 9)
        }
        assert displaced == {4: 100, 5: 200, 7: 200, 9: 300}
