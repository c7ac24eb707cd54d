"""Village search forgives spelling and finds areas by code; browsing walks the hierarchy."""

import pytest

from relief.public.search import index, normalise_name

LEBAKGEDONG = "36.02.25.2003"

MISSPELLINGS = [
    ("Lebak Gedong", "36.02.25.2003"),  # a space inside the name
    ("lebakgedong", "36.02.25.2003"),
    ("Talagahiang", "36.02.04.2006"),  # a letter missing (Talagahiyang)
    ("Ciladaun", "36.02.25.2002"),  # Ciladaeun
    ("Desa Banjar Irigasi", "36.02.25.2001"),  # prefix and space (Banjaririgasi)
    ("Lebaksangkaa", "36.02.25.2006"),  # a letter too many
    ("LEBAK SITU", "36.02.25.2005"),  # capitals
    ("36.02.25.2004", "36.02.25.2004"),  # a village code (Banjarsari)
]


@pytest.mark.parametrize(("typed", "expected"), MISSPELLINGS)
def test_misspelt_village_is_found_among_the_first_results(app_ctx, typed, expected):
    codes = [p.code for p in index.search(typed, limit=5)]
    assert expected in codes


def test_old_spelling_tj_finds_modern_c(app_ctx):
    names = {p.name for p in index.search("Tjikande", limit=5)}
    assert "Cikande" in names


def test_district_and_regency_are_found_by_name(app_ctx):
    assert ("36.02.25", "district") in {(p.code, p.level) for p in index.search("Kec Lebakgedong")}
    assert "36.02" in {p.code for p in index.search("Kabupaten Lebak")}


def test_nonsense_finds_nothing(app_ctx):
    assert index.search("qqqxxzzv") == []


def test_normalise_name_drops_prefix_spaces_and_old_spelling():
    assert normalise_name("Desa Tjiboeleuh") == normalise_name("ciBuleuh")


def test_home_lists_village_with_its_district_and_regency(client):
    html = client.get("/?q=Talagahiang").get_data(as_text=True)
    assert "Talagahiyang" in html and "Cipanas" in html and "Kabupaten Lebak" in html
    assert 'href="/desa/36.02.04.2006"' in html


def test_browse_regency_lists_districts_and_district_lists_villages(client):
    regency = client.get("/wilayah/36.02").get_data(as_text=True)
    assert 'href="/wilayah/36.02.25"' in regency
    district = client.get("/wilayah/36.02.25").get_data(as_text=True)
    assert 'href="/desa/36.02.25.2004"' in district and "Banjarsari" in district


def test_place_search_finds_a_village_by_part_of_its_name(client):
    places = client.get("/api/v1/public/places?q=lebakgedo&level=village").json
    assert places[0] == {
        "code": LEBAKGEDONG,
        "name": "Lebakgedong",
        "kind": "Desa",
        "level": "village",
        "district": "Lebakgedong",
        "regency": "Kabupaten Lebak",
    }
    assert all(p["level"] == "village" for p in places)


def test_place_search_takes_a_code_prefix_and_a_limit(client):
    places = client.get("/api/v1/public/places?q=36.02.25.20&limit=3").json
    assert len(places) == 3 and all(p["code"].startswith("36.02.25.20") for p in places)


def test_place_search_without_level_finds_districts_too(client):
    levels = {p["level"] for p in client.get("/api/v1/public/places?q=Lebakgedong").json}
    assert {"village", "district"} <= levels


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=",
        "?q=abc&level=planet",
        "?q=abc&limit=0",
        "?q=abc&limit=21",
        "?q=" + "x" * 101,
        "?q=abc&extra=1",
    ],
)
def test_place_search_refuses_bad_arguments_in_the_error_envelope(client, query):
    response = client.get("/api/v1/public/places" + query)
    if query == "?q=abc&extra=1":  # unknown query parameters are ignored, like elsewhere
        assert response.status_code == 200
        return
    assert response.status_code == 422
    assert set(response.json["error"]) == {"code", "message", "fields"}


def test_place_search_answers_an_empty_list_for_nonsense(client):
    assert client.get("/api/v1/public/places?q=qqqxxzzv").json == []


def _village_codes(client, q: str) -> list[str]:
    answer = client.get(f"/api/v1/public/places?q={q}&level=village")
    assert answer.status_code == 200, answer.json
    return [p["code"] for p in answer.json]


def _new_village(code: str, name: str) -> dict:
    """The facts of a village of Kec. Lebakgedong that the facts file does not have."""
    place = {"district_code": "36.02.25", "regency_code": "36.02", "parent_code": "36.02.25"}
    return {"code": code, "name": name, "level": "village", "kind": "Desa", **place}


def _added_by_another_process(app, code: str, name: str) -> None:
    """A village written as `flask areas load-facts`, `flask geodata import` or another web
    worker of `make serve` writes it: with a new area revision, past this process's write
    boundary (which would clear this process's index)."""
    from sqlalchemy import insert, update

    from relief.areas.models import Area, GeometryRevision
    from relief.extensions import db

    with app.app_context(), db.engine.begin() as conn:
        conn.execute(insert(Area).values(**_new_village(code, name)))
        conn.execute(update(GeometryRevision).values(value=f"another-process-{code}"))


def test_place_search_finds_a_village_another_process_added(app, client, restore_areas):
    assert _village_codes(client, "Zyxwarung") == []  # the index is built, without it
    _added_by_another_process(app, "36.02.25.2099", "Zyxwarung")
    assert _village_codes(client, "Zyxwarung") == ["36.02.25.2099"]


def test_place_search_reads_the_revision_again_after_the_recheck_interval(
    app, client, restore_areas, monkeypatch
):
    from types import SimpleNamespace

    from relief.areas.facts import read_facts
    from relief.areas.services import load_areas
    from relief.public import search
    from relief.unit_of_work import unit_of_work

    now = [1000.0]
    monkeypatch.setattr(search, "time", SimpleNamespace(monotonic=lambda: now[0]))
    monkeypatch.setitem(app.config, "SEARCH_RECHECK_SECONDS", 5.0)
    search.index.clear()  # read at this test's clock
    assert _village_codes(client, "Zyxwarung") == []
    _added_by_another_process(app, "36.02.25.2099", "Zyxwarung")
    now[0] += 4.9
    assert _village_codes(client, "Zyxwarung") == []  # within the interval: not yet
    now[0] += 0.2
    assert _village_codes(client, "Zyxwarung") == ["36.02.25.2099"]
    # This process's own import is seen at once, inside the interval.
    rows = read_facts()
    rows.append(_new_village("36.02.25.2098", "Qwvkampung"))
    with app.app_context(), unit_of_work():
        assert load_areas(rows)["added"] == 1
    assert _village_codes(client, "Qwvkampung") == ["36.02.25.2098"]


def test_a_facts_refresh_that_renames_a_village_renews_search_and_map_names(
    app, client, restore_areas
):
    from relief.areas.facts import read_facts
    from relief.areas.revision import current_revision
    from relief.areas.services import load_areas
    from relief.areas.topology import area_topology
    from relief.unit_of_work import unit_of_work

    assert LEBAKGEDONG in _village_codes(client, "Lebakgedong")
    rows = read_facts()
    for row in rows:
        if row["code"] == LEBAKGEDONG:
            row["name"] = "Lebakgedong Baru Zyx"
    with app.app_context():
        before = current_revision()
        with unit_of_work():
            result = load_areas(rows)
        assert result["updated"] == 1 and result["added"] == 0
        assert current_revision() != before
        topology = area_topology("village", "36.02.25", "display")
        assert "Lebakgedong Baru Zyx" in str(topology)
    assert _village_codes(client, "Lebakgedong Baru Zyx")[0] == LEBAKGEDONG
    with app.app_context():
        same = current_revision()
        with unit_of_work():
            assert load_areas(rows)["updated"] == 0  # nothing changed: the same revision
        assert current_revision() == same
