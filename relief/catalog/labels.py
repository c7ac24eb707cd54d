"""Names of units and goods as people read them, in the request's language."""

from flask import g

from relief.catalog.queries import unit_names
from relief.core.formatting import local_name, quantity


def unit_label(commodity_code: str, unit_code: str) -> str:
    """A unit's name ("karung 25 kg") for a commodity's unit code ("sack25")."""
    if "unit_names" not in g:
        g.unit_names = unit_names()
    names = g.unit_names.get((commodity_code, unit_code))
    return local_name(names) if names else unit_code


def goods(commodity, base_quantity: float | None) -> str:
    """A commodity line in its base unit: "Beras 1.080 kg" / "Rice 1,080 kg"."""
    return (
        f"{local_name(commodity)} {quantity(base_quantity)} "
        f"{unit_label(commodity.code, commodity.base_unit)}".strip()
    )
