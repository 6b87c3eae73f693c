"""A full disk during import and export: a clear message, the library intact, no half file.

A child process gets a small RLIMIT_FSIZE, so that writes past it fail as a full disk's do
(with EFBIG rather than ENOSPC). SIGXFSZ would kill the child instead: it is ignored there.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from curator.core.importer import import_paths
from curator.core.reader import read_seed
from curator.core.store import Library
from tests.conftest import REPO, SEEDS
from tests.perf.corpus import entry, write_seeds
from tests.reliability.conftest import (
    assert_library_whole,
    assert_no_traceback,
    cli_env,
    curator,
    shape_of_entry,
)

SYNTHETIC = 60


def _limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    def child() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "curator", *args], cwd=REPO, env=cli_env(),
                          capture_output=True, text=True, timeout=120, preexec_fn=child)


def _expected() -> dict:
    shapes = {f"{n:016x}": shape_of_entry(entry(n)) for n in range(SYNTHETIC)}
    for sample in SEEDS.glob("*.txt"):
        found = read_seed(sample.read_bytes(), sample.name).entry
        shapes[found.id] = shape_of_entry(found)
    return shapes


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("full-disk") / "seeds"
    write_seeds(folder, SYNTHETIC)
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Path:
    db = tmp_path / "lib.db"
    with Library(db) as opened:
        import_paths(opened, [SEEDS])
    return db


def test_import_on_a_full_disk_stops_with_a_clear_message(library: Path, seeds: Path,
                                                          tried) -> None:
    result = _limited(400_000, "import", "--db", str(library), str(seeds))
    assert_no_traceback(result.stderr)
    assert result.returncode in (1, 2)
    assert "could not be written" in result.stderr, result.stderr
    stored = assert_library_whole(library, _expected())
    assert len(list(SEEDS.glob("*.txt"))) < stored < len(list(SEEDS.glob("*.txt"))) + SYNTHETIC
    again = curator("import", "--db", str(library), str(seeds))
    assert again.returncode == 0, again.stderr
    assert assert_library_whole(library, _expected()) == len(list(SEEDS.glob("*.txt"))) + SYNTHETIC
    tried("full disk (RLIMIT_FSIZE 400 kB) during `curator import` of 60 files", 1,
          f"stopped after {stored - len(list(SEEDS.glob('*.txt')))} of {SYNTHETIC} files with "
          "\"could not be written\" naming the file, no traceback; library intact, entries "
          "whole; the same import later finished the rest")


@pytest.fixture
def full(tmp_path: Path, seeds: Path) -> Path:
    db = tmp_path / "full.db"
    with Library(db) as opened:
        import_paths(opened, [seeds])
    return db


def test_json_export_on_a_full_disk_writes_nothing(full: Path, tmp_path: Path, tried) -> None:
    target = tmp_path / "out.json"
    target.write_text("the previous export")
    result = _limited(100_000, "export", "--db", str(full), "--output", str(target))
    assert_no_traceback(result.stderr)
    assert result.returncode == 2
    assert f"could not write to {target}" in result.stderr.lower() and "too large" in result.stderr
    assert target.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert assert_library_whole(full, _expected()) == SYNTHETIC
    tried("full disk (RLIMIT_FSIZE 100 kB) during `curator export` to JSON", 1,
          "exit 2 with \"could not write to FILE: File too large\", no traceback; the earlier "
          "file under that name unchanged, no part file left")


def test_seed_export_on_a_full_disk_leaves_no_file(full: Path, tmp_path: Path, tried) -> None:
    folder = tmp_path / "out"
    result = _limited(36_000, "export", "--db", str(full), "--output", str(folder),
                      "--format", "seed")
    assert_no_traceback(result.stderr)
    assert result.returncode == 2
    assert "too large" in result.stderr and "No file was written." in result.stderr
    # The files are moved into the folder only once all are written: none was, and the
    # folder the export made is gone again.
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [full.name]
    tried("full disk (RLIMIT_FSIZE 36 kB) during `curator export --format seed`", 1,
          "exit 2, clear message; no file left, nor the folder the export made")


def test_opening_on_a_full_disk_does_not_call_the_library_damaged(full: Path, tmp_path: Path,
                                                                  tried) -> None:
    tried("full disk (RLIMIT_FSIZE 1 kB) when opening a library (`curator export`)", 1,
          "the message must not call a healthy library damaged")
    result = _limited(1_000, "export", "--db", str(full), "--output", str(tmp_path / "o.json"))
    assert_no_traceback(result.stderr)
    assert result.returncode == 2
    assert "damaged" not in result.stderr, result.stderr
