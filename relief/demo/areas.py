"""Demo step: the real hierarchy of Banten (facts, not illustrative) with approximate shapes."""

from relief.areas.boundary_import import load_approximate
from relief.areas.facts import read_facts
from relief.areas.services import load_areas


def load(rng) -> str:
    """Load all 1,552 villages from the facts file, then the approximate polygons."""
    result = load_areas(read_facts())
    shapes = load_approximate()
    return (
        f"{result['total']} areas ({result['added']} added), {shapes['stored']} approximate shapes"
    )
