"""The field app's reference data, shell, manifest and service worker."""

import pytest
from sqlalchemy import update

from relief.extensions import db
from relief.unit_of_work import commit_write


@pytest.fixture
def lebak_user(app, make_user):
    """A logistics user whose scope is Kabupaten Lebak; returns a login helper's username."""
    from relief.auth.models import User

    user_id, username, password = make_user("logistics")
    with app.app_context():
        db.session.execute(
            update(User)
            .where(User.id == user_id)
            .values(regency_code="36.02", area_codes=["36.02"])
        )
        commit_write()
    return username, password


def test_reference_holds_the_scope_villages_units_and_open_shipments(
    app, client, lebak_user, field_scenario
):
    from relief.logistics.models import Depot

    with app.app_context():
        db.session.add(Depot(name="Gudang Serang", kind="gudang", regency_code="36.04"))
        commit_write()
    [shipment_id] = field_scenario["dispatched"](1)
    username, password = lebak_user
    client.post("/login", data={"username": username, "password": password})
    body = client.get("/api/v1/field/reference").json
    assert {v["code"][:5] for v in body["villages"]} == {"36.02"}
    lebakgedong = next(v for v in body["villages"] if v["code"] == "36.02.25.2003")
    assert lebakgedong["district"] == "Lebakgedong" and "Lebak" in lebakgedong["regency"]
    assert [d["name"] for d in body["depots"]] == ["Gudang BPBD Lebak"]  # not Serang's
    rice = next(c for c in body["commodities"] if c["code"] == "rice")
    assert {"kg", "sack25"} <= {u["code"] for u in rice["units"]}
    assert [s["id"] for s in body["shipments"]] == [shipment_id]
    assert body["shipments"][0]["items"][0]["unit"] == "sack25"
    assert body["events"][0]["writable"] is True
    assert body["user"]["default_depot_id"] == field_scenario["origin_depot_id"]


def test_reference_is_for_logistics_only(client, token_for):
    assert client.get("/api/v1/field/reference", headers=token_for("ombudsman")).status_code == 403
    assert client.get("/api/v1/field/reference").status_code == 401


def test_shell_manifest_and_worker_are_served_locally(client, login_as):
    login_as("logistics")
    shell = client.get("/lapangan/").get_data(as_text=True)
    assert 'rel="manifest" href="/lapangan/manifest.webmanifest"' in shell
    assert 'data-sw="/lapangan/sw.js"' in shell
    manifest = client.get("/lapangan/manifest.webmanifest").json
    assert manifest["start_url"] == "/lapangan/" and manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    worker = client.get("/lapangan/sw.js")
    assert worker.mimetype == "text/javascript"
    text = worker.get_data(as_text=True)
    assert "/static/vendor/workbox/workbox-sw.js" in text and "googleapis" not in text
    assert '"url": "/static/js/field/outbox.js"' in text and '"revision"' in text
    for name in (
        "workbox-sw.js",
        "workbox-core.prod.js",
        "workbox-precaching.prod.js",
        "workbox-routing.prod.js",
        "workbox-strategies.prod.js",
        "workbox-cacheable-response.prod.js",
        "LICENSE",
    ):
        assert client.get(f"/static/vendor/workbox/{name}").status_code == 200, name


def test_staff_pages_carry_the_outbox_count_for_logistics(client, login_as):
    login_as("logistics")
    page = client.get("/shipments").get_data(as_text=True)
    assert 'data-outbox-count="0"' in page and "js/outbox_count.js" in page
