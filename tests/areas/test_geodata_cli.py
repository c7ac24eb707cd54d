"""`flask geodata build-approximate` and `flask geodata import`."""

import json

import pytest


def test_build_approximate_writes_every_village(runner, tmp_path):
    output = tmp_path / "approx.geojson"
    result = runner.invoke(args=["geodata", "build-approximate", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(output.read_text())["features"]) == 1552


@pytest.mark.usefixtures("restore_areas")
def test_import_command_prints_the_report(runner, golden):
    result = runner.invoke(
        args=["geodata", "import", str(golden("odd_gpkg")), "--layer", "batas_desa", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matched"] == 4


@pytest.mark.usefixtures("restore_areas")
def test_import_command_fails_with_the_reason(runner, golden):
    result = runner.invoke(args=["geodata", "import", str(golden("no_crs"))])
    assert result.exit_code == 1
    assert "--source-crs" in result.output
