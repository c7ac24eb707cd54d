"""Demo step: the real hierarchy of Banten (facts, not illustrative)."""

from relief.areas.facts import read_facts
from relief.areas.services import load_areas


def load(rng) -> str:
    """Load all 1,552 villages with their districts and regencies from the facts file."""
    result = load_areas(read_facts())
    return f"{result['total']} areas ({result['added']} added)"
