"""Demo step: the default commodities and norm profiles."""

from relief.catalog.services import install_defaults


def load(rng) -> str:
    """Install default commodities, units and norms."""
    install_defaults()
    return "default commodities and norms"
