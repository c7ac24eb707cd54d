"""Admins create and change events, organisations, depots, accounts and the catalogue through
the API; every change is audited, every list filters, and no other role may write."""

import pytest

from tests.admin.conftest import LEBAK_VILLAGE, audit_actions, shipment_body


def test_admin_creates_a_live_event_with_a_waybill_code(api, app):
    response = api(
        "post",
        "/api/v1/events",
        {
            "name": "Longsor Cibeber",
            "kind": "landslide",
            "started_at": "2026-11-30T06:00:00+07:00",
            "regency_codes": ["36.02"],
        },
    )
    assert response.status_code == 201, response.json
    event = response.json
    assert event["scenario_at"] is None and event["ended_at"] is None
    assert event["regency_codes"] == ["36.02"] and event["code"].startswith("LGS2026-")
    assert event["started_on"] == "2026-11-30"
    assert event["emergency_until"] == "2026-12-13"  # 14 days by default
    assert audit_actions(app, "event") == ["create_event"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "meteor"}, "kind"),
        ({"regency_codes": ["36.99"]}, "regency_codes"),
        ({"regency_codes": ["36"]}, "regency_codes"),
        ({"started_at": "2026-11-30T06:00:00"}, "started_at"),  # no zone
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_event_input_answers_field_messages(api, body, field):
    base = {
        "name": "Banjir uji",
        "kind": "flood",
        "started_at": "2026-11-30T06:00:00+07:00",
        "regency_codes": ["36.02"],
    }
    response = api("post", "/api/v1/events", {**base, **body})
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_patch_renames_extends_regencies_and_closes_an_event(api, app, lebak_setup):
    path = f"/api/v1/events/{lebak_setup['event_id']}"
    response = api(
        "patch", path, {"name": "Banjir Lebak dan Pandeglang", "regency_codes": ["36.01"]}
    )
    assert response.status_code == 200, response.json
    assert response.json["regency_codes"] == ["36.01", "36.02"]  # extended, never shrunk
    closed = api("patch", path, {"ended_at": "2026-12-01T10:00:00+07:00"})
    assert closed.json["ended_at"].startswith("2026-12-01T03:00:00")
    assert audit_actions(app, "event") == ["create_event", "update_event", "update_event"]


def test_a_closed_event_refuses_new_shipments_with_409(api, lebak_setup, scoped_logistics, client):
    api(
        "patch",
        f"/api/v1/events/{lebak_setup['event_id']}",
        {"ended_at": "2026-12-01T10:00:00+07:00"},
    )
    response = client.post(
        "/api/v1/shipments",
        json=shipment_body(lebak_setup, LEBAK_VILLAGE),
        headers=scoped_logistics,
    )
    assert response.status_code == 409
    assert "ditutup" in response.json["error"]["message"]


def test_a_replayed_event_refuses_writes_and_changes(
    api, app, client, lebak_setup, scoped_logistics
):
    from datetime import UTC, datetime

    from relief.events.models import Event
    from relief.extensions import db

    with app.app_context():
        db.session.get(Event, lebak_setup["event_id"]).scenario_at = datetime(
            2026, 11, 29, tzinfo=UTC
        )
        db.session.commit()
    response = client.post(
        "/api/v1/shipments",
        json=shipment_body(lebak_setup, LEBAK_VILLAGE),
        headers=scoped_logistics,
    )
    assert response.status_code == 409
    assert "putar ulang" in response.json["error"]["message"]
    assessment = client.post(
        "/api/v1/assessments",
        json={
            "event_id": lebak_setup["event_id"],
            "village_code": LEBAK_VILLAGE,
            "displaced_persons": 10,
            "displaced_households": 3,
        },
        headers=scoped_logistics,
    )
    assert assessment.status_code == 409, assessment.json
    assert (
        api(
            "patch", f"/api/v1/events/{lebak_setup['event_id']}", {"name": "Ganti nama"}
        ).status_code
        == 409
    )


def test_event_list_filters_by_state_kind_and_regency(api, client, lebak_setup):
    api(
        "post",
        "/api/v1/events",
        {
            "name": "Gempa Pandeglang",
            "kind": "earthquake",
            "started_at": "2026-11-20T00:00:00+07:00",
            "regency_codes": ["36.01"],
        },
    )
    api(
        "patch",
        f"/api/v1/events/{lebak_setup['event_id']}",
        {"ended_at": "2026-12-01T00:00:00+07:00"},
    )
    names = lambda query: [e["name"] for e in client.get(f"/api/v1/events?{query}").json]  # noqa: E731
    assert names("state=closed") == ["Banjir Lebak uji"]
    assert names("state=open") == ["Gempa Pandeglang"]
    assert names("kind=earthquake") == ["Gempa Pandeglang"]
    assert names("regency=36.02") == ["Banjir Lebak uji"]
    assert client.get("/api/v1/events?state=gone").status_code == 422


def test_organisations_and_depots_are_audited_and_filterable(api, app, lebak_setup):
    orgs = api("get", "/api/v1/organisations?regency=36.74").json
    assert [o["name"] for o in orgs] == ["BPBD Kota Tangerang Selatan"]
    depots = api("get", f"/api/v1/depots?organisation_id={lebak_setup['organisation_id']}").json
    assert [d["name"] for d in depots] == ["Gudang BPBD Lebak"]
    changed = api(
        "patch",
        f"/api/v1/organisations/{lebak_setup['organisation_id']}",
        {"complaint_email": "pengaduan@bpbd-lebak.example", "active": False},
    )
    assert changed.status_code == 200 and changed.json["active"] is False
    assert (
        api("get", "/api/v1/organisations?active=false").json[0]["name"] == "BPBD Kabupaten Lebak"
    )
    moved = api("patch", f"/api/v1/depots/{lebak_setup['depot_id']}", {"lat": -6.36})
    assert moved.status_code == 200 and moved.json["lat"] == -6.36
    assert audit_actions(app, "organisation") == [
        "create_organisation",
        "create_organisation",
        "update_organisation",
    ]
    assert audit_actions(app, "depot") == ["create_depot", "create_depot", "update_depot"]


def test_depot_input_is_checked(api, lebak_setup):
    response = api(
        "post",
        "/api/v1/depots",
        {
            "name": "Gudang Bulan",
            "organisation_id": 999999,
            "regency_code": "36.02",
            "lat": 10.0,
            "lon": 10.0,
        },
    )
    assert response.status_code == 422
    assert "organisation_id" in response.json["error"]["fields"]
    duplicate = api(
        "post",
        "/api/v1/depots",
        {
            "name": "Gudang BPBD Lebak",
            "organisation_id": lebak_setup["organisation_id"],
            "regency_code": "36.02",
            "lat": -6.3,
            "lon": 106.2,
        },
    )
    assert "name" in duplicate.json["error"]["fields"]


def test_logistics_accounts_need_an_organisation_and_a_scope(api, lebak_setup):
    response = api(
        "post",
        "/api/v1/users",
        {
            "username": "tanpa.wilayah",
            "name": "X",
            "role": "logistics",
            "password": "rahasiaBesar2026",
        },
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) >= {"organisation_id", "area_codes"}
    weak = api(
        "post",
        "/api/v1/users",
        {"username": "lemah", "name": "X", "role": "ombudsman", "password": "pendek"},
    )
    assert "password" in weak.json["error"]["fields"]
    village = api(
        "post",
        "/api/v1/users",
        {
            "username": "desa.saja",
            "name": "X",
            "role": "logistics",
            "password": "rahasiaBesar2026",
            "organisation_id": lebak_setup["organisation_id"],
            "area_codes": ["36.02.25.2003"],
        },
    )
    assert "area_codes" in village.json["error"]["fields"]  # a village is no scope


def test_user_list_filters_and_patch_changes_role_and_scope(
    api, app, lebak_setup, scoped_logistics
):
    listed = api("get", "/api/v1/users?role=logistics&area=36.02").json
    assert [u["username"] for u in listed["items"]] == ["petugas.lebak"]
    assert "password" not in listed["items"][0] and "password_hash" not in listed["items"][0]
    changed = api(
        "patch", f"/api/v1/users/{scoped_logistics['id']}", {"area_codes": ["36.02", "36.01.01"]}
    )
    assert changed.status_code == 200 and changed.json["area_codes"] == ["36.01.01", "36.02"]
    assert audit_actions(app, "user")[-2:] == ["user.create", "update_user"]


def test_disabling_an_account_stops_its_token_at_once(api, client, scoped_logistics):
    assert client.get("/api/v1/shipments", headers=scoped_logistics).status_code == 200
    response = api("patch", f"/api/v1/users/{scoped_logistics['id']}", {"active": False})
    assert response.status_code == 200 and response.json["active"] is False
    assert client.get("/api/v1/shipments", headers=scoped_logistics).status_code == 401
    again = client.post(
        "/api/v1/auth/token", json={"username": "petugas.lebak", "password": "banjirLebak2026"}
    )
    assert again.status_code == 401


def test_an_admin_cannot_disable_itself(api, client, app):
    from sqlalchemy import select

    from relief.auth.models import User
    from relief.extensions import db

    with app.app_context():
        me = db.session.scalar(select(User.id).where(User.role == "admin"))
    response = api("patch", f"/api/v1/users/{me}", {"active": False})
    assert response.status_code == 422


def test_catalogue_through_the_api(api, app):
    made = api(
        "post",
        "/api/v1/commodities",
        {
            "code": "test_sandbag",
            "name_id": "Karung pasir",
            "name_en": "Sandbag",
            "base_unit": "pcs",
            "units": [
                {"code": "bale10", "name_id": "bal isi 10", "name_en": "bale of 10", "factor": 10}
            ],
        },
    )
    assert made.status_code == 201, made.json
    assert {u["code"]: u["factor"] for u in made.json["units"]} == {"pcs": 1, "bale10": 10}
    unit = api(
        "post",
        "/api/v1/commodities/test_sandbag/units",
        {"code": "bale20", "name_id": "bal isi 20", "name_en": "bale of 20", "factor": 20},
    )
    assert unit.status_code == 201
    norm = api(
        "post",
        "/api/v1/norms",
        {
            "profile": "kemensos",
            "commodity_code": "test_sandbag",
            "amount": 1,
            "per": "household",
            "period": "once",
            "basis": "displaced",
            "source": "Uji: satu terpal per KK",
        },
    )
    assert norm.status_code == 201, norm.json
    assert api("get", "/api/v1/norms?commodity=test_sandbag").json[0]["amount"] == 1
    patched = api(
        "patch",
        f"/api/v1/norms/{norm.json['id']}",
        {
            "amount": 2,
            "per": "household",
            "period": "once",
            "basis": "displaced",
            "source": "Uji: dua terpal per KK",
        },
    )
    assert patched.status_code == 200 and patched.json["amount"] == 2
    assert audit_actions(app, "norm")[-2:] == ["create_norm", "norm.update"]
    _remove_commodity(app, "test_sandbag")  # the catalogue is reference data kept between tests


def _remove_commodity(app, code: str) -> None:
    from sqlalchemy import delete

    from relief.catalog.models import Commodity, CommodityUnit, Norm
    from relief.extensions import db

    with app.app_context():
        db.session.execute(delete(Norm).where(Norm.commodity_code == code))
        db.session.execute(delete(CommodityUnit).where(CommodityUnit.commodity_code == code))
        db.session.execute(delete(Commodity).where(Commodity.code == code))
        db.session.commit()


ADMIN_WRITES = [
    ("post", "/api/v1/events"),
    ("patch", "/api/v1/events/1"),
    ("post", "/api/v1/organisations"),
    ("patch", "/api/v1/organisations/1"),
    ("post", "/api/v1/depots"),
    ("patch", "/api/v1/depots/1"),
    ("post", "/api/v1/users"),
    ("patch", "/api/v1/users/1"),
    ("post", "/api/v1/commodities"),
    ("post", "/api/v1/commodities/rice/units"),
    ("post", "/api/v1/commodities/defaults"),
    ("post", "/api/v1/norms"),
    ("patch", "/api/v1/norms/1"),
]


@pytest.mark.parametrize(("method", "path"), ADMIN_WRITES)
@pytest.mark.parametrize(
    ("role", "expected"), [(None, 401), ("logistics", 403), ("ombudsman", 403)]
)
def test_only_admins_change_reference_data(client, token_for, method, path, role, expected):
    headers = token_for(role) if role else {}
    assert getattr(client, method)(path, json={}, headers=headers).status_code == expected
