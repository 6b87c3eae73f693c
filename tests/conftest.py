"""Fixtures shared by every test: paths to the sample data and fresh libraries."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"


_QT_FIXTURES = {"qapp", "qtbot", "qtmodeltester"}
_QT_PACKAGES = ("PySide6", "shiboken6", "curator.gui", "tests.gui")


def _imports_qt(path: Path) -> bool:
    """Whether a test module imports Qt (or the GUI) when it is loaded."""
    for node in ast.parse(path.read_bytes()).body:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == top or name.startswith(top + ".") for name in names
               for top in _QT_PACKAGES):
            return True
    return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for a QApplication is a GUI test, wherever it lives (the folder
    tests/gui marks all of its own in its conftest)."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


def _gui_deselected(config: pytest.Config) -> bool:
    """Whether `-m` leaves out the tests marked `gui` (and those alone)."""
    expression = config.getoption("markexpr", "")
    if not expression:
        return False
    from _pytest.mark.expression import Expression  # how pytest itself reads -m

    return not Expression.compile(expression).evaluate(lambda name, **_: name == "gui")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With the GUI tests deselected, their modules are not even imported, so the core's
    tests run where PySide6 is not installed (with `-p no:pytestqt`)."""
    if not _gui_deselected(config):
        return None
    if collection_path == REPO / "tests" / "gui":
        return True
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return _imports_qt(collection_path)
    return None


@pytest.fixture
def library(tmp_path: Path):
    from curator.core.store import Library

    with Library(tmp_path / "library.db") as lib:
        yield lib


@pytest.fixture
def seeded(library):
    """A library holding the sample seeds."""
    from curator.core.importer import import_paths

    report = import_paths(library, [SEEDS])
    assert report.failed == 0 and report.imported == len(list(SEEDS.glob("*.txt")))
    return library


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the user's real library and settings."""
    monkeypatch.setenv("CURATOR_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
