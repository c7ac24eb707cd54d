"""Case follow-up through the API: roles per action, the state machine, the audit chain."""

import pytest

from relief.alerts.models import STATES
from relief.alerts.services import STEPS

ALLOWED_ROLE = {
    "acknowledge": "logistics",
    "respond": "logistics",
    "resolve": "ombudsman",
    "dismiss": "ombudsman",
    "reopen": "ombudsman",
    "comment": "ombudsman",
}


def post(client, alert_id: int, headers: dict, **body):
    body.setdefault("note", "Sudah dicek di lapangan.")
    return client.post(f"/api/v1/alerts/{alert_id}/actions", json=body, headers=headers)


def a_state_allowing(action: str) -> str:
    return sorted(STEPS[action].from_states)[0]


@pytest.mark.parametrize("action", sorted(STEPS))
@pytest.mark.parametrize("role", ["logistics", "ombudsman", "admin"])
def test_each_action_is_refused_403_to_roles_that_may_not_take_it(
    client, make_alert, token_for, action, role
):
    alert_id = make_alert(a_state_allowing(action))
    response = post(client, alert_id, token_for(role), action=action)
    expected = 201 if role in STEPS[action].roles else 403
    assert response.status_code == expected, response.json


def test_anonymous_action_answers_401(client, make_alert):
    response = post(client, make_alert(), {}, action="comment")
    assert response.status_code == 401


def test_logistics_may_not_set_the_category(client, make_alert, logistics):
    response = post(client, make_alert(), logistics, action="comment", category="berpihak")
    assert response.status_code == 403


def test_ombudsman_sets_category_with_any_action(client, make_alert, ombudsman):
    response = post(client, make_alert(), ombudsman, action="comment", category="berpihak")
    assert response.status_code == 201
    assert response.json["category"] == "berpihak"
    assert response.json["suggested_category"] == "tidak_memberikan_pelayanan"


DISALLOWED = [
    (action, state)
    for action, step in sorted(STEPS.items())
    for state in STATES
    if state not in step.from_states
]


@pytest.mark.parametrize(("action", "state"), DISALLOWED)
def test_every_disallowed_transition_answers_409(client, make_alert, token_for, action, state):
    alert_id = make_alert(state)
    response = post(client, alert_id, token_for(ALLOWED_ROLE[action]), action=action)
    assert response.status_code == 409, response.json
    assert response.json["error"]["code"] == "conflict"


def test_disallowed_transitions_cover_all_eleven_pairs():
    assert len(DISALLOWED) == 11


def test_dismiss_without_reason_is_422(client, make_alert, ombudsman):
    response = post(client, make_alert(), ombudsman, action="dismiss", note="  ")
    assert response.status_code == 422
    assert "note" in response.json["error"]["fields"]


def test_unknown_action_or_field_is_422(client, make_alert, ombudsman):
    alert_id = make_alert()
    assert post(client, alert_id, ombudsman, action="delete").status_code == 422
    assert post(client, alert_id, ombudsman, action="comment", x=1).status_code == 422


def test_full_case_from_opening_to_resolution_with_logistics_answer_and_audit(
    app, client, make_alert, logistics, ombudsman
):
    from relief.audit.models import AuditEntry
    from relief.extensions import db

    alert_id = make_alert()
    assert post(client, alert_id, logistics, action="acknowledge").json["state"] == "acknowledged"
    answer = post(
        client,
        alert_id,
        logistics,
        action="respond",
        note="Beras 2 ton dikirim",
        planned_delivery="2020-01-12T08:00:00+00:00",
    )
    assert answer.status_code == 201 and answer.json["responded_at"]
    resolved = post(client, alert_id, ombudsman, action="resolve", note="Terverifikasi")
    assert resolved.json["state"] == "resolved" and resolved.json["closed_at"]
    reopened = post(client, alert_id, ombudsman, action="reopen", note="Warga melapor lagi")
    assert reopened.json["state"] == "open" and reopened.json["closed_at"] is None
    steps = [(a["action"], a["from_state"], a["to_state"]) for a in reopened.json["actions"]]
    assert steps == [
        ("acknowledge", "open", "acknowledged"),
        ("respond", "acknowledged", "acknowledged"),
        ("resolve", "acknowledged", "resolved"),
        ("reopen", "resolved", "open"),
    ]
    with app.app_context():
        audited = db.session.scalars(
            db.select(AuditEntry.action)
            .where(AuditEntry.entity == "alert", AuditEntry.entity_id == str(alert_id))
            .order_by(AuditEntry.seq)
        ).all()
    assert audited == ["alert.acknowledge", "alert.respond", "alert.resolve", "alert.reopen"]


def test_overdue_alerts_are_flagged_and_listed_first(client, make_alert, ombudsman):
    fresh = make_alert(opened_hours_ago=1)
    late = make_alert(opened_hours_ago=80, level="warning")
    items = client.get("/api/v1/alerts", headers=ombudsman).json["items"]
    assert [(i["id"], i["overdue"]) for i in items] == [(late, True), (fresh, False)]
    only_late = client.get("/api/v1/alerts?overdue=true", headers=ombudsman).json
    assert [i["id"] for i in only_late["items"]] == [late]


def test_queue_filters_and_404(client, make_alert, ombudsman):
    make_alert(kind="unconfirmed", level="warning")
    make_alert(state="resolved")
    assert client.get("/api/v1/alerts?level=warning", headers=ombudsman).json["total"] == 1
    assert client.get("/api/v1/alerts?state=resolved", headers=ombudsman).json["total"] == 1
    assert client.get("/api/v1/alerts?regency=36.03", headers=ombudsman).json["total"] == 0
    assert client.get("/api/v1/alerts?kind=nope", headers=ombudsman).status_code == 422
    assert client.get("/api/v1/alerts/999999", headers=ombudsman).status_code == 404
