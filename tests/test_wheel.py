"""The wheel `pip install .` builds: its name, its licence, and which resources it carries."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    (built,) = out.glob("*.whl")
    return built


def test_the_distribution_has_a_free_name_and_a_licence(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (meta_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        meta = Parser().parsestr(archive.read(meta_name).decode())
        names = archive.namelist()
    assert meta["Name"] == "horizon-curator"  # "curator" on PyPI is another project
    assert meta["License-Expression"] == "MIT"
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert meta.get_all("Classifier")


def test_the_wheel_carries_samples_and_icons_but_not_screenshots(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    samples = [n for n in names if n.startswith("curator/samples/") and n.endswith(".txt")]
    assert len(samples) == len(list((REPO / "seeds").glob("*.txt")))
    assert "curator/resources/curator.svg" in names
    assert "curator/resources/curator-256.png" in names
    assert "curator/resources/curator.desktop" in names
    assert not [n for n in names if n.startswith("curator/resources/screenshot")]


def test_pyside6_is_held_below_6_12_only_where_its_bug_bites() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "\"PySide6-Essentials>=6.8,<6.12; python_version < '3.12'\"" in text
    assert "\"PySide6-Essentials>=6.8; python_version >= '3.12'\"" in text
