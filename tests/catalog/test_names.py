"""Commodity and unit names as people type them (pure: no database)."""

from types import SimpleNamespace as Row

import pytest

from relief.areas.names import Village, index_by_key, match_village, normalise_name
from relief.catalog.defaults import COMMODITIES
from relief.catalog.names import commodity_names, unit_names

GOODS = [
    Row(
        code=c[0],
        name_id=c[1],
        name_en=c[2],
        units=[Row(code=u[0], name_id=u[1], name_en=u[2]) for u in c[6]],
    )
    for c in COMMODITIES
]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Beras", "rice"),
        (" BERAS ", "rice"),
        ("rice", "rice"),
        ("Berass", "rice"),
        ("obat", "medicine"),
        ("Obat-obatan", "medicine"),
        ("Medicine (family kit)", "medicine"),
        ("pakaian", "clothing"),
        ("hygiene", "hygiene_kit"),
        ("emas", None),
        ("", None),
    ],
)
def test_commodities_by_code_or_name_in_either_language(typed, code):
    assert commodity_names(GOODS).resolve(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("karung 25 kg", "sack25"),
        ("Karung25Kg", "sack25"),
        ("25 kg sack", "sack25"),
        ("sack25", "sack25"),
        ("KG", "kg"),
        ("karung", None),  # 25 or 50 kg: ambiguous
    ],
)
def test_units_of_rice_and_an_ambiguous_unit_is_refused(typed, code):
    assert unit_names(GOODS[0]).resolve(typed) == code


def test_the_accepted_values_name_each_code():
    assert unit_names(GOODS[0]).accepted() == "kg, karung 25 kg (sack25), karung 50 kg (sack50)"
    assert commodity_names(GOODS).accepted().startswith("Beras (rice), ")


def _village(code, name, district, regency="Kabupaten Lebak"):
    return Village(
        code,
        f"Desa {name}, Kec. {district}",
        normalise_name(name),
        normalise_name(district),
        normalise_name(regency),
    )


VILLAGES = [
    _village("36.02.15.2006", "Banjarsari", "Warunggunung"),
    _village("36.02.25.2004", "Banjarsari", "Lebakgedong"),
    _village("36.02.25.2003", "Lebakgedong", "Lebakgedong"),
]


def test_a_namesake_needs_its_kecamatan_and_a_near_miss_needs_one_candidate():
    index = index_by_key(VILLAGES)
    assert match_village(VILLAGES, "Banjarsari", by_key=index).code is None
    assert len(match_village(VILLAGES, "Banjarsari", by_key=index).candidates) == 2
    assert match_village(VILLAGES, "Banjarsari, Warunggunung", by_key=index).code == "36.02.15.2006"
    assert (
        match_village(VILLAGES, "desa banjarsari", "Kec. Lebakgedong", by_key=index).code
        == "36.02.25.2004"
    )
    assert match_village(VILLAGES, "Lebakgedon", by_key=index).code == "36.02.25.2003"
