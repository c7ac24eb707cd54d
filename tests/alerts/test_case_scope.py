"""Logistics accounts act only on alerts inside their area codes (the shipments' scope check);
the Ombudsman is not scoped. API and page form alike: 403 with a clear message, nothing
changed."""

from sqlalchemy import func, select

from relief.extensions import db

LEBAK = "36.02"  # the alerts' village 36.02.25.2003 lies in Kab. Lebak
PANDEGLANG = "36.01"


def _state_and_actions(app, alert_id: int) -> tuple[str, int]:
    from relief.alerts.models import Alert, AlertAction

    with app.app_context():
        state = db.session.get(Alert, alert_id).state
        count = db.session.scalar(
            select(func.count(AlertAction.id)).where(AlertAction.alert_id == alert_id)
        )
        return state, count


def _post(client, alert_id: int, headers: dict, action: str):
    return client.post(
        f"/api/v1/alerts/{alert_id}/actions",
        headers=headers,
        json={"action": action, "note": "Sudah dicek."},
    )


def test_logistics_outside_the_alerts_regency_is_refused_403(app, client, make_alert, token_for):
    alert_id = make_alert()
    headers = token_for("logistics", [PANDEGLANG])
    for action in ("acknowledge", "respond", "comment"):
        response = _post(client, alert_id, headers, action)
        assert response.status_code == 403, response.json
        message = response.json["error"]["message"]
        assert "di luar wilayah kerja akun Anda (36.01)" in message and "36.02.25.2003" in message
    assert _state_and_actions(app, alert_id) == ("open", 0)


def test_logistics_of_the_alerts_regency_or_district_may_act(app, client, make_alert, token_for):
    for scope in ([LEBAK], ["36.02.25"], [PANDEGLANG, LEBAK]):
        alert_id = make_alert()
        response = _post(client, alert_id, token_for("logistics", scope), "acknowledge")
        assert response.status_code == 201, (scope, response.json)
        assert _state_and_actions(app, alert_id) == ("acknowledged", 1)


def test_a_district_scope_does_not_reach_a_regency_wide_alert(app, client, make_alert, token_for):
    from relief.alerts.models import Alert
    from relief.unit_of_work import commit_write

    alert_id = make_alert(kind="inequity")
    with app.app_context():
        db.session.get(Alert, alert_id).village_code = LEBAK  # inequity alerts name the regency
        commit_write()
    assert (
        _post(client, alert_id, token_for("logistics", ["36.02.25"]), "comment").status_code == 403
    )
    assert _post(client, alert_id, token_for("logistics", [LEBAK]), "comment").status_code == 201


def test_ombudsman_is_not_scoped(client, make_alert, token_for):
    response = _post(client, make_alert(), token_for("ombudsman"), "comment")
    assert response.status_code == 201


def _alert_page(client, make_user, alert_id: int, area_codes: list[str]) -> str:
    """The alert's page as a logistics account of these area codes sees it."""
    _, username, password = make_user("logistics", area_codes=area_codes)
    client.post("/login", data={"username": username, "password": password})
    return client.get(f"/alerts/{alert_id}").get_data(as_text=True)


def test_page_hides_the_form_and_refuses_the_post_outside_the_scope(
    app, client, make_alert, make_user
):
    alert_id = make_alert()
    page = _alert_page(client, make_user, alert_id, [PANDEGLANG])
    assert "data-out-of-scope" in page and 'value="acknowledge"' not in page
    answer = client.post(
        f"/alerts/{alert_id}/actions", data={"action": "acknowledge"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Peringatan ini untuk wilayah 36.02.25.2003, di luar wilayah kerja akun Anda" in answer
    assert _state_and_actions(app, alert_id) == ("open", 0)


def test_page_offers_the_form_inside_the_scope(client, make_alert, make_user):
    page = _alert_page(client, make_user, make_alert(), [LEBAK])
    assert "data-out-of-scope" not in page and 'value="acknowledge"' in page
