"""The checks that keep the code's shape: import contracts, lint, and the core's types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BIN = Path(sys.executable).parent
"""Where this environment's tools are installed (the `test` extra lists them)."""


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=240,
                          env={"PATH": str(BIN), "HOME": str(tmp_path),
                               "MYPY_CACHE_DIR": str(tmp_path / "mypy")})


def test_import_contracts_hold(tmp_path: Path) -> None:
    """The core without Qt, the GUI or the CLI; the CLI without Qt but for the window; the
    GUI's feature packages without the shell (contracts in pyproject.toml)."""
    result = _run([str(BIN / "lint-imports"), "--no-cache"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_ruff_is_clean(tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "ruff", "check", "--no-cache", "curator", "tests"],
                  tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_type_checks(tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "mypy", "curator/core"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_package_is_installed() -> None:
    # The tests import curator from the source tree, so a package left out of the list
    # would pass here and be missing from `pip install .` and from the wheel.
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for p in (REPO / "curator").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
