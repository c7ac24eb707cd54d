"""The package layers are enforced by import-linter (.importlinter): the real tree keeps them,
and a core module that imports a domain breaks them."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(tree), "PATH": ""},
    )


def test_the_package_keeps_its_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 broken" in result.stdout


def test_a_core_module_importing_a_domain_breaks_the_contract(tmp_path):
    shutil.copytree(
        ROOT / "relief", tmp_path / "relief", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    with open(tmp_path / "relief" / "core" / "pagination.py", "a") as module:
        module.write("\nfrom relief.logistics.models import Shipment  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "relief.core.pagination -> relief.logistics.models" in result.stdout
