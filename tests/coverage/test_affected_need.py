"""Need for every affected village: default norms on affected persons and households."""

import pytest

from relief.catalog.defaults import NORMS
from relief.coverage.queries import village_coverage
from tests.coverage.conftest import BANJARSARI, at


def _row(rows, commodity):
    return next(r for r in rows if r["code"] == BANJARSARI and r["commodity"] == commodity)


def test_an_affected_but_not_displaced_village_has_a_need(make_event, make_assessment):
    event = make_event()
    make_assessment(event, severity=2, affected_persons=1739, households=458)
    rows = village_coverage(event.id, at(5))
    assert _row(rows, "medicine")["need"] == pytest.approx(458)  # a kit per affected family
    assert _row(rows, "hygiene_kit")["need"] == pytest.approx(458)
    assert _row(rows, "water")["need"] == pytest.approx(1739 * 2.5 * 4)
    assert _row(rows, "medicine")["coverage"] == 0.0  # a need, nothing delivered: red
    # displaced-based norms stay at zero: nobody is in a shelter
    assert _row(rows, "rice")["need"] == 0 and _row(rows, "rice")["coverage"] is None
    assert _row(rows, "clothing")["need"] == 0


def test_medicine_counts_displaced_families_among_the_affected(make_event, make_assessment):
    event = make_event()
    make_assessment(
        event, displaced_persons=100, displaced_households=25, affected_persons=300, households=80
    )
    rows = village_coverage(event.id, at(5))
    assert _row(rows, "medicine")["need"] == pytest.approx(80)
    assert _row(rows, "rice")["need"] == pytest.approx(100 * 0.4 * 4)


@pytest.mark.parametrize("profile", sorted(NORMS))
def test_every_default_norm_names_its_source_or_says_it_is_project_policy(profile):
    for commodity, (_amount, _per, _period, basis, source) in NORMS[profile].items():
        assert basis in ("displaced", "affected"), commodity
        cited = any(word in source for word in ("Sphere", "Peraturan", "Kemensos", "Perka"))
        assert cited or "Kebijakan proyek" in source, (commodity, source)
        if "Sphere" in source:
            assert "kebijakan proyek" in source  # the amount per household is ours
