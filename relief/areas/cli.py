"""`flask areas load-facts` and `flask geodata build-approximate | import`."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from relief.areas.approximate import approximate_cells, village_records, write_geojson
from relief.areas.boundary_import import APPROXIMATE_FILE, import_boundaries, load_approximate
from relief.areas.facts import read_facts
from relief.areas.services import load_areas
from relief.unit_of_work import unit_of_work

areas = AppGroup("areas", help="Wilayah / areas.")
geodata = AppGroup("geodata", help="Batas wilayah / village boundaries.")


@areas.command("load-facts")
def load_facts() -> None:
    """Load or refresh the province, regencies, districts and villages from geodata/."""
    with unit_of_work():
        result = load_areas(read_facts())
    print(f"{result['total']} areas: {result['added']} added, {result['updated']} updated")


@geodata.command("build-approximate")
@click.option(
    "--output", type=click.Path(path_type=Path), default=APPROXIMATE_FILE, show_default=True
)
@click.option("--load/--no-load", default=False, help="Also load the shapes into the database.")
def build_approximate(output: Path, load: bool) -> None:
    """Build approximate village polygons from the facts file (Voronoi cells within discs)."""
    cells = approximate_cells(village_records(read_facts()))
    size = write_geojson(cells, output)
    click.echo(f"{len(cells)} approximate villages written to {output} ({size:,} bytes)")
    if load:
        with unit_of_work():
            report = load_approximate(output)
        click.echo(f"{report['stored']} areas now have approximate shapes")


@geodata.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layer", help="Layer of a GeoPackage.")
@click.option("--code-field", help="Column holding the area codes (guessed when absent).")
@click.option("--name-field", help="Column holding the names (for areas added with --allow-new).")
@click.option("--level", type=click.Choice(["village", "district", "regency"]))
@click.option("--source-crs", help="CRS of a file that does not declare one, e.g. EPSG:32748.")
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@click.option("--allow-new", is_flag=True, help="Add codes that are not yet known.")
def import_command(
    path: Path, layer, code_field, name_field, level, source_crs, dry_run, allow_new
) -> None:
    """Import official boundaries (GeoJSON, Shapefile, zipped Shapefile, GeoPackage)."""
    with unit_of_work():
        report = import_boundaries(
            path,
            level=level,
            layer=layer,
            code_field=code_field,
            name_field=name_field,
            source_crs=source_crs,
            allow_new=allow_new,
            dry_run=dry_run,
        )
    click.echo(json.dumps(report, indent=2, ensure_ascii=False))


commands = [areas, geodata]
