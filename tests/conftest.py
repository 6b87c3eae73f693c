"""Fixtures shared by every test: paths to the sample data and fresh libraries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"


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
