"""`flask areas load-facts`: load the village facts file."""

from flask.cli import AppGroup

from relief.areas.facts import read_facts
from relief.areas.services import load_areas
from relief.core.transactions import run_in_transaction

areas = AppGroup("areas", help="Wilayah / areas.")


@areas.command("load-facts")
def load_facts() -> None:
    """Load or refresh the province, regencies, districts and villages from geodata/."""
    with run_in_transaction():
        result = load_areas(read_facts())
    print(f"{result['total']} areas: {result['added']} added, {result['updated']} updated")


commands = [areas]
