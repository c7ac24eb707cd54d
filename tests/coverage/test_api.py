"""`/api/v1/assessments` and `/api/v1/coverage` (JSON, GeoJSON)."""

import pytest
import shapely
from sqlalchemy import update

from relief.areas.models import Area
from relief.audit.models import AuditEntry
from relief.coverage.models import Assessment
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests.coverage.conftest import BANJARSARI, LEBAK, LEBAKGEDONG_DISTRICT, at


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
        "displaced_households": 30,
        "affected_persons": 400,
        "households": 30,
        **kw,
    }


def test_logistics_records_an_assessment_with_computed_severity(client, token_for, event_id):
    response = client.post(
        "/api/v1/assessments", json=_body(event_id), headers=token_for("logistics")
    )
    assert response.status_code == 201, response.json
    # Banjarsari had 2,061 people in 2010: 120 displaced is 5.8 %, so severity 3
    assert response.json["severity"] == 3
    assert response.json["severity_override_reason"] is None


def test_recording_is_audited_and_its_village_evaluated(
    client, token_for, event_id, app, monkeypatch
):
    from relief.alerts import after_write

    seen = []
    monkeypatch.setattr(after_write, "evaluate_touched", lambda touches: seen.extend(touches))
    client.post("/api/v1/assessments", json=_body(event_id), headers=token_for("logistics"))
    assert [(t.subject, t.event_id, t.village_codes) for t in seen] == [
        ("assessments", event_id, {BANJARSARI})
    ]
    with app.app_context():
        assert db.session.query(AuditEntry).filter_by(entity="assessment").count() == 1


def test_severity_override_needs_a_reason(client, token_for, event_id):
    response = client.post(
        "/api/v1/assessments", json=_body(event_id, severity=5), headers=token_for("logistics")
    )
    assert response.status_code == 422
    assert "severity_reason" in response.json["error"]["fields"]


def test_severity_override_with_reason_is_kept(client, token_for, event_id):
    response = client.post(
        "/api/v1/assessments",
        json=_body(event_id, severity=5, severity_reason="Akses jalan terputus"),
        headers=token_for("logistics"),
    )
    assert response.json["severity"] == 5
    assert response.json["severity_override_reason"] == "Akses jalan terputus"


def test_unknown_village_is_refused(client, token_for, event_id, app):
    response = client.post(
        "/api/v1/assessments",
        json=_body(event_id, village_code="36.02.25"),
        headers=token_for("logistics"),
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.query(Assessment).count() == 0


@pytest.mark.parametrize("role", ["ombudsman", "admin"])
def test_only_logistics_records_assessments(client, token_for, event_id, role):
    response = client.post("/api/v1/assessments", json=_body(event_id), headers=token_for(role))
    assert response.status_code == 403


def test_assessment_list_filters_by_village(client, token_for, event_id):
    headers = token_for("logistics")
    client.post("/api/v1/assessments", json=_body(event_id), headers=headers)
    response = client.get(
        f"/api/v1/assessments?event_id={event_id}&village_code={BANJARSARI}",
        headers=token_for("ombudsman"),
    )
    assert response.status_code == 200
    assert [a["village_code"] for a in response.json["items"]] == [BANJARSARI]


def test_coverage_api_answers_village_and_district_rows(client, token_for, event_id):
    client.post("/api/v1/assessments", json=_body(event_id), headers=token_for("logistics"))
    headers = token_for("ombudsman")
    villages = client.get(
        f"/api/v1/coverage?event_id={event_id}&commodity=clothing"
        f"&as_of=2020-01-05T00:00:00%2B00:00",
        headers=headers,
    ).json
    assert villages == [
        {
            "code": BANJARSARI,
            "name": "Banjarsari",
            "level": "village",
            "commodity": "clothing",
            "need": 120.0,
            "delivered": 0.0,
            "coverage": 0.0,
            "severity": 3,
            "band": "red",
        }
    ]
    districts = client.get(
        f"/api/v1/coverage?event_id={event_id}&level=district&parent={LEBAK}&commodity=clothing",
        headers=headers,
    ).json
    assert [(d["code"], d["level"]) for d in districts] == [(LEBAKGEDONG_DISTRICT, "district")]
    assert districts[0]["band"] == "red" and districts[0]["villages_assessed"] == 1
    assert districts[0]["worst_village"] == {
        "code": BANJARSARI,
        "name": "Banjarsari",
        "coverage": 0.0,
    }


def test_coverage_api_is_closed_to_the_public(client, event_id):
    assert client.get(f"/api/v1/coverage?event_id={event_id}").status_code == 401


@pytest.fixture
def banjarsari_shape(app):
    """Give Banjarsari a display polygon for the test, then restore the reference row."""
    square = shapely.box(106.2, -6.6, 106.21, -6.59)
    with app.app_context():
        old = db.session.get(Area, BANJARSARI).display_geom
        db.session.execute(
            update(Area).where(Area.code == BANJARSARI).values(display_geom=shapely.to_wkb(square))
        )
        commit_write()
    yield square
    with app.app_context():
        db.session.execute(update(Area).where(Area.code == BANJARSARI).values(display_geom=old))
        commit_write()


def test_geojson_carries_weakest_link_and_worst_hit(
    client, token_for, event_id, banjarsari_shape, make_delivery, app
):
    client.post(
        "/api/v1/assessments",
        json=_body(event_id, severity=4, severity_reason="x"),
        headers=token_for("logistics"),
    )
    with app.app_context():
        from relief.events.models import Event

        make_delivery(
            db.session.get(Event, event_id),
            items=[("clothing", 120.0), ("medicine", 15.0)],
            delivered_at=at(2, 6),
        )
        commit_write()
    response = client.get(
        f"/api/v1/coverage.geojson?event_id={event_id}&parent={LEBAK}"
        "&as_of=2020-01-02T08:00:00%2B00:00",
        headers=token_for("ombudsman"),
    )
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    [feature] = [f for f in response.json["features"] if f["properties"]["code"] == BANJARSARI]
    props = feature["properties"]
    assert (props["coverage_clothing"], props["coverage_medicine"]) == (1.0, 0.5)
    assert props["coverage_rice"] == 0.0 and props["coverage"] == 0.0
    assert props["worst_hit"] is True and props["band"] == "red"
    assert shapely.geometry.shape(feature["geometry"]).equals(banjarsari_shape)


def test_geojson_answers_304_to_a_matching_etag(client, token_for, event_id, banjarsari_shape):
    headers = token_for("ombudsman")
    url = f"/api/v1/coverage.geojson?event_id={event_id}&parent={LEBAK}"
    first = client.get(url, headers=headers)
    again = client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
