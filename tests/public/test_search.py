"""Village search forgives spelling and finds areas by code; browsing walks the hierarchy."""

import pytest

from relief.public.search import index, normalise_name

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
