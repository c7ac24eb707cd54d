"""Coverage computed in SQL: need, delivered, as-of cut, receipts, aggregation."""

import pytest

from relief.coverage.queries import (
    _shape,
    _values,
    _village_statement,
    area_coverage,
    village_coverage,
)
from relief.demo import coverage as coverage_demo
from relief.demo import events as event_demo
from relief.extensions import db
from tests.coverage.conftest import (
    BANJARSARI,
    LEBAK,
    LEBAKGEDONG,
    LEBAKGEDONG_DISTRICT,
    at,
)


def _row(rows, code, commodity):
    return next(r for r in rows if r["code"] == code and r["commodity"] == commodity)


def test_need_is_displaced_times_norm_times_days(make_event, make_assessment):
    event = make_event()
    make_assessment(event, displaced_persons=100, displaced_households=25, households=25)
    rows = village_coverage(event.id, at(5))
    assert _row(rows, BANJARSARI, "rice")["need"] == pytest.approx(100 * 0.4 * 4)
    assert _row(rows, BANJARSARI, "clothing")["need"] == pytest.approx(100)
    assert _row(rows, BANJARSARI, "medicine")["need"] == pytest.approx(25)


def test_days_are_capped_at_the_emergency_period(make_event, make_assessment):
    event = make_event()
    make_assessment(event, displaced_persons=10)
    rows = village_coverage(event.id, at(31))
    assert _row(rows, BANJARSARI, "rice")["need"] == pytest.approx(10 * 0.4 * 28)


def test_bapanas_profile_uses_its_rice_norm(make_event, make_assessment):
    event = make_event(norm_profile="bapanas")
    make_assessment(event, displaced_persons=100)
    row = _row(village_coverage(event.id, at(2, 13)), BANJARSARI, "rice")
    assert row["need"] == pytest.approx(100 * 0.25 * 1)
    assert "Badan Pangan" in row["norm_source"]


def test_delivered_uses_accepted_quantity_where_a_receipt_exists(
    make_event, make_assessment, make_delivery
):
    event = make_event()
    make_assessment(event, displaced_persons=100)
    make_delivery(event, items=[("rice", 100.0)], accepted=[80.0])
    make_delivery(event, items=[("rice", 50.0)])
    row = _row(village_coverage(event.id, at(5)), BANJARSARI, "rice")
    assert row["delivered"] == pytest.approx(130.0)
    assert row["coverage"] == pytest.approx(130.0 / 160.0)


def test_a_receipt_counts_from_when_it_was_signed(make_event, make_assessment, make_delivery):
    event = make_event()
    make_assessment(event, when=at(2), displaced_persons=100)
    make_delivery(
        event, delivered_at=at(3), items=[("rice", 100.0)], accepted=[60.0], received_at=at(6)
    )
    before = _row(village_coverage(event.id, at(5)), BANJARSARI, "rice")
    after = _row(village_coverage(event.id, at(7)), BANJARSARI, "rice")
    assert (before["delivered"], after["delivered"]) == (100.0, 60.0)


def test_as_of_cuts_deliveries_and_assessments(make_event, make_assessment, make_delivery):
    event = make_event()
    make_assessment(event, when=at(2), displaced_persons=100)
    make_assessment(event, when=at(6), displaced_persons=300)
    make_delivery(event, delivered_at=at(4), items=[("rice", 40.0)])
    make_delivery(event, delivered_at=at(7), items=[("rice", 500.0)])
    early = _row(village_coverage(event.id, at(5)), BANJARSARI, "rice")
    late = _row(village_coverage(event.id, at(8)), BANJARSARI, "rice")
    assert (early["displaced"], early["delivered"]) == (100, 40.0)
    assert (late["displaced"], late["delivered"]) == (300, 540.0)


def test_before_any_assessment_a_delivered_village_has_no_coverage(
    make_event, make_delivery, make_assessment
):
    event = make_event()
    make_delivery(event, delivered_at=at(2))
    make_assessment(event, when=at(4), displaced_persons=10)
    row = _row(village_coverage(event.id, at(3)), BANJARSARI, "rice")
    assert row["need"] == 0 and row["delivered"] == 100.0 and row["coverage"] is None
    assert row["severity"] is None


def test_undelivered_and_other_event_shipments_do_not_count(
    make_event, make_assessment, make_delivery
):
    event, other = make_event(), make_event()
    make_assessment(event, displaced_persons=100)
    make_delivery(event, status="dispatched")
    make_delivery(other)
    row = _row(village_coverage(event.id, at(5)), BANJARSARI, "rice")
    assert row["delivered"] == 0.0 and row["coverage"] == 0.0


def test_only_active_villages_are_returned_by_default(make_event, make_assessment):
    event = make_event()
    make_assessment(event, displaced_persons=1)
    active = village_coverage(event.id, at(5), parent=LEBAKGEDONG_DISTRICT)
    everything = village_coverage(event.id, at(5), parent=LEBAKGEDONG_DISTRICT, only_active=False)
    assert {r["code"] for r in active} == {BANJARSARI}
    assert len({r["code"] for r in everything}) > 1


def test_commodity_and_codes_filter_rows(make_event, make_assessment):
    event = make_event()
    make_assessment(event, displaced_persons=1)
    make_assessment(event, village=LEBAKGEDONG, displaced_persons=1)
    rows = village_coverage(event.id, at(5), commodity="rice", codes={LEBAKGEDONG})
    assert [(r["code"], r["commodity"]) for r in rows] == [(LEBAKGEDONG, "rice")]


def test_area_coverage_is_sum_over_sum(make_event, make_assessment, make_delivery):
    event = make_event()
    make_assessment(event, village=BANJARSARI, displaced_persons=100, severity=5)
    make_assessment(event, village=LEBAKGEDONG, displaced_persons=10, severity=2)
    make_delivery(event, village=BANJARSARI, items=[("rice", 0.0)])
    make_delivery(event, village=LEBAKGEDONG, items=[("rice", 16.0)])
    rows = area_coverage(event.id, at(5), level="district", parent=LEBAK, commodity="rice")
    assert len(rows) == 1
    row = rows[0]
    assert row["code"] == LEBAKGEDONG_DISTRICT and row["name"] == "Lebakgedong"
    # mean of ratios would be (0 + 1) / 2 = 0.5; sum over sum is 16 / 176
    assert row["coverage"] == pytest.approx(16 / 176)
    assert (row["severity"], row["worst_hit"], row["villages"]) == (5, 1, 2)


def test_area_coverage_rolls_up_to_regency_and_province(make_event, make_assessment):
    event = make_event()
    make_assessment(event, displaced_persons=10)
    regency = area_coverage(event.id, at(5), level="regency", commodity="clothing")
    province = area_coverage(event.id, at(5), level="province", commodity="clothing")
    assert [(r["code"], r["need"]) for r in regency] == [(LEBAK, 10.0)]
    assert [(r["code"], r["need"]) for r in province] == [("36", 10.0)]


def test_each_row_carries_its_village_although_the_query_sends_it_once(
    make_event, make_assessment, make_delivery
):
    """The statement sends each village once, what it received of every commodity in its
    columns; every row handed back carries the village, the same as a one-commodity view's
    rows."""
    event = make_event()
    make_assessment(event, displaced_persons=100, severity=4)
    make_assessment(event, village=LEBAKGEDONG, displaced_persons=30, severity=2)
    make_delivery(event, village=LEBAKGEDONG, items=[("medicine", 5.0)])
    rows = village_coverage(event.id, at(5), parent=LEBAK)
    assert {r["code"] for r in rows} == {BANJARSARI, LEBAKGEDONG}
    for commodity in {r["commodity"] for r in rows}:
        for single in village_coverage(event.id, at(5), parent=LEBAK, commodity=commodity):
            assert _row(rows, single["code"], commodity) == single
    assert {r["severity"] for r in rows if r["code"] == LEBAKGEDONG} == {2}
    assert all(r["name"] and r["regency_code"] == LEBAK for r in rows)


BALARAJA = "36.03.01.1001"  # Kelurahan Balaraja, Kabupaten Tangerang


def test_village_rows_agree_with_the_sql_rows_the_area_roll_ups_read(
    make_event, make_assessment, make_delivery
):
    """`village_coverage` computes need and coverage in Python from one row per village; the
    area roll-ups (`area_coverage`, `area_rollup`) read the same figures computed in SQL, one
    row per village and commodity. On the demo's 1,552 villages plus the odd cases (a receipt
    signed after the moment, a later assessment, a delivered village never assessed, another
    event's and an undelivered shipment), every figure is the same, whatever the scope."""
    random_demo = __import__("random").Random(1)
    event_demo.load(random_demo)
    coverage_demo.load(random_demo)
    event = event_demo.demo_event()
    other = make_event()
    make_assessment(event, village=LEBAKGEDONG, when=at(9), displaced_persons=77, households=21)
    make_delivery(event, village=LEBAKGEDONG, items=[("rice", 33.3), ("water", 1.1)])
    make_delivery(
        event, items=[("rice", 0.1), ("clothing", 2.0)], accepted=[0.2, 1.0], received_at=at(8)
    )
    make_delivery(event, village=BALARAJA, items=[("medicine", 4.0)])
    make_delivery(event, village=LEBAKGEDONG, items=[("rice", 999.0)], status="dispatched")
    make_delivery(other, village=LEBAKGEDONG, items=[("rice", 555.0)])
    db.session.flush()
    checked = 0
    for as_of in (at(7), at(10)):
        for parent in (None, "36", LEBAK, LEBAKGEDONG_DISTRICT):
            for commodity in (None, "rice"):
                for only_active in (True, False):
                    ours = village_coverage(event.id, as_of, parent, commodity, None, only_active)
                    stmt = _village_statement(_shape(parent, commodity, None, only_active))
                    values = _values(event, as_of, parent, commodity, None)
                    sql = [dict(r) for r in db.session.execute(stmt, values).mappings()]
                    assert [(r["code"], r["commodity"]) for r in ours] == [
                        (r["code"], r["commodity"]) for r in sql
                    ]
                    for mine, theirs in zip(ours, sql, strict=True):
                        assert mine["need"] == theirs["need"]
                        assert mine["delivered"] == pytest.approx(theirs["delivered"], rel=1e-12)
                        if theirs["coverage"] is None:
                            assert mine["coverage"] is None
                        else:
                            assert mine["coverage"] == pytest.approx(theirs["coverage"], rel=1e-12)
                        same = set(theirs) - {"need", "delivered", "coverage"}
                        assert {k: mine[k] for k in same} == {k: theirs[k] for k in same}
                    checked += len(ours)
    assert checked > 40_000  # every village, commodity and scope above, both moments
    served = village_coverage(event.id, at(10), codes={BALARAJA})
    assert served and {r["assessed_at"] for r in served} == {None}  # served, never assessed
