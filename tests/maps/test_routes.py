"""The /coverage/map page: roles, filters and the approximate-geometry note."""

import re

import pytest
from sqlalchemy import delete, select, update

from relief.areas.models import Area
from relief.areas.revision import current_revision
from relief.coverage.models import Assessment
from relief.extensions import db
from relief.unit_of_work import commit_write
from tests import factories


@pytest.mark.parametrize("role", ["logistics", "ombudsman", "admin"])
def test_staff_roles_open_the_map(client, login_as, map_event, role):
    login_as(role)
    assert client.get("/coverage/map").status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/coverage/map")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_regency_filter_fetches_only_that_regencys_villages(client, login_as, map_event):
    login_as("ombudsman")
    page = client.get("/coverage/map?regency=36.02").get_data(as_text=True)
    assert "parent=36.02" in page
    assert "parent=36.03" not in page
    assert '"expected": 345' in page


def test_geometry_urls_ask_for_the_packed_topology_at_the_current_revision(
    app, client, login_as, map_event
):
    login_as("ombudsman")
    page = client.get("/coverage/map").get_data(as_text=True).replace("\\u0026", "&")
    with app.app_context():
        revision = current_revision()
    assert revision
    urls = re.findall(r'"(?:overview|detail)": "([^"]+)"', page)
    assert len(urls) == 2
    assert all(url.endswith(f"&format=packed&rev={revision}") for url in urls)


def test_whole_province_fetches_one_overview_topology_holding_every_village(
    client, login_as, map_event
):
    login_as("ombudsman")
    page = client.get("/coverage/map").get_data(as_text=True).replace("\\u0026", "&")
    overview = "/api/v1/areas.topojson?level=village&parent=36&detail=overview"
    assert page.count("areas.topojson?") == 2  # the overview, and the per-region detail
    assert overview in page
    expected = int(re.search(r'"expected": (\d+)', page).group(1))
    topology = client.get(overview).json
    assert expected == len(topology["objects"]["village"]["geometries"]) == 1552


def test_a_malformed_date_is_refused_with_field_errors(client, login_as, map_event):
    login_as("ombudsman")
    response = client.get("/coverage/map?as_of=28-01-2020")
    assert response.status_code == 422


def test_the_note_on_approximate_boundaries_shows_only_when_they_are_in_view(
    app, client, login_as, map_event
):
    login_as("ombudsman")
    note = "Batas desa pada peta ini perkiraan"
    in_view = Area.regency_code.in_(["36.02", "36.03"])
    with app.app_context():
        before = dict(
            db.session.execute(select(Area.code, Area.geometry_source).where(in_view)).all()
        )
        db.session.execute(update(Area).where(in_view).values(geometry_source="resmi.geojson"))
        db.session.execute(
            update(Area).where(Area.code == "36.02.25.2004").values(geometry_source="approximate")
        )
        commit_write()
    try:
        assert note in client.get("/coverage/map?regency=36.02").get_data(as_text=True)
        assert note not in client.get("/coverage/map?regency=36.03").get_data(as_text=True)
    finally:
        with app.app_context():
            for code, source in before.items():
                db.session.execute(
                    update(Area).where(Area.code == code).values(geometry_source=source)
                )
            commit_write()


def test_the_province_page_carries_no_coverage_from_other_provinces(
    client, login_as, map_event, assess, restore_areas
):
    """A village of another province, assessed in the same event, stays off Banten's page."""
    with client.application.app_context():
        factories.village_chain(
            "32.01.01.2001", ("Jawa Barat", "Kab. Bogor", "Kec. Uji", "Desa Luar Banten")
        )
        commit_write()
    assess("32.01.01.2001")
    assess("36.02.25.2004")
    login_as("ombudsman")
    page = client.get("/coverage/map").get_data(as_text=True)
    with client.application.app_context():  # before restore_areas removes the village
        db.session.execute(delete(Assessment).where(Assessment.village_code == "32.01.01.2001"))
        commit_write()
    assert "36.02.25.2004" in page
    assert "32.01.01.2001" not in page
