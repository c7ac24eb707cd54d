"""Unit conversion (pure)."""

from collections.abc import Mapping


class UnknownUnit(ValueError):
    """A unit that the commodity does not define."""


def to_base(quantity: float, unit: str, factors: Mapping[str, float]) -> float:
    """Quantity in the commodity's base unit, rounded to 3 decimals (the stored precision)."""
    if unit not in factors:
        raise UnknownUnit(unit)
    return round(quantity * float(factors[unit]), 3)
