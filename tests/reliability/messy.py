"""Helpers for the messy-input tests: run files through validate, import and the core alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from curator.cli import main
from curator.core.importer import ImportReport, import_paths
from curator.core.store import Library
from tests.conftest import DATA

BASE = (DATA / "variants" / "link_same_line.txt").read_text(encoding="utf-8")
"""A complete seed file (every section filled, a link) to derive variants from."""
LINES = BASE.split("\n")


def edited(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@dataclass
class ThreeWays:
    validate: list[str]
    """`curator validate` output lines, less the count at the end."""
    cli_import: list[str]
    """`curator import` standard-error lines."""
    report: ImportReport
    """`import_paths` (what the GUI's drop import runs) on a fresh library."""
    validate_code: int
    import_code: int


def run_three_ways(tmp_path: Path, paths: list[Path], capsys) -> ThreeWays:
    """Check and import the same files the three ways a user can."""
    capsys.readouterr()
    validate_code = main(["validate", "-q", *map(str, paths)])
    validate = capsys.readouterr().err.splitlines()
    import_code = main(["import", "-q", "--db", str(tmp_path / "cli.db"), *map(str, paths)])
    cli_import = capsys.readouterr().err.splitlines()
    with Library(tmp_path / "core.db") as library:
        report = import_paths(library, paths)
    return ThreeWays(validate, cli_import, report, validate_code, import_code)


def assert_same_everywhere(result: ThreeWays) -> None:
    """Validate, CLI import and the core import name the same failures and warnings."""
    failures = sorted(str(f) for f in result.report.failures)
    warnings = sorted(result.report.warnings)
    assert sorted(line for line in result.validate if ": warning: " not in line) == failures
    assert sorted(line for line in result.validate if ": warning: " in line) == warnings
    assert sorted(line for line in result.cli_import if line in failures) == failures
    assert sorted(line for line in result.cli_import if ": warning: " in line) == warnings
    assert result.validate_code == result.import_code == (1 if failures else 0)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path
