"""Pure shipment rules."""

from datetime import UTC, datetime, timedelta

import pytest

from relief.catalog.units import UnknownUnit, to_base
from relief.logistics import rules

FACTORS = {"rice": {"kg": 1, "sack25": 25}, "medicine": {"kit": 1, "box10": 10}}


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("planned", "dispatched"),
        ("dispatched", "delivered"),
        ("planned", "cancelled"),
        ("dispatched", "cancelled"),
    ],
)
def test_allowed_transitions(current, target):
    assert rules.can_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("planned", "delivered"),
        ("delivered", "cancelled"),
        ("cancelled", "dispatched"),
        ("delivered", "dispatched"),
        ("dispatched", "planned"),
        ("planned", "planned"),
        ("unknown", "planned"),
    ],
)
def test_other_transitions_are_refused(current, target):
    assert not rules.can_transition(current, target)


def test_waybill_number_pads_the_id_under_the_event_code():
    assert rules.waybill_number("BJR2020", 123) == "SJ/BJR2020/000123"
    assert rules.waybill_number("BJR2020", 1234567) == "SJ/BJR2020/1234567"


def test_confirmation_code_has_eight_unambiguous_characters():
    codes = {rules.confirmation_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("0O1IL")


def test_normalise_code_strips_spaces_dashes_and_case():
    assert rules.normalise_code(" abcd-2345 ") == "ABCD2345"


def test_to_base_converts_and_rounds():
    assert to_base(3, "sack25", FACTORS["rice"]) == 75
    assert to_base(0.3333, "kg", FACTORS["rice"]) == 0.333
    with pytest.raises(UnknownUnit):
        to_base(1, "kit", FACTORS["rice"])


def test_convert_items_reports_unknown_commodity_and_unit_by_line():
    items = [
        {"commodity": "rice", "quantity": 2, "unit": "sack25"},
        {"commodity": "gold", "quantity": 1, "unit": "kg"},
        {"commodity": "medicine", "quantity": 1, "unit": "kg"},
    ]
    bases, problems = rules.convert_items(items, FACTORS)
    assert bases == [50, None, None]
    assert set(problems[1]) == {"commodity"} and set(problems[2]) == {"unit"}


@pytest.mark.parametrize(
    ("accepted", "rejected", "reason", "count"),
    [
        (100, 0, "", 0),
        (90, 10, "basah", 0),
        (90, 10, " ", 1),
        (100, 1, "x", 1),
        (-1, 0, "", 1),
    ],
)
def test_receipt_problems(accepted, rejected, reason, count):
    assert len(rules.receipt_problems(100, accepted, rejected, reason)) == count


def test_bbox_and_future():
    bbox = (94.7, -11.2, 141.2, 6.3)
    assert rules.in_bbox(-6.6, 106.4, bbox)
    assert not rules.in_bbox(51.5, -0.1, bbox)
    now = datetime(2020, 1, 5, tzinfo=UTC)
    assert rules.is_future(now + timedelta(hours=1), now)
    assert not rules.is_future(now + timedelta(minutes=1), now)
