"""`curator backup` while the library is busy: the copy is one consistent state.

Bad targets and a full disk are refused with a message and leave no file.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator.cli import main
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
    read_only,
    shape_of_entry,
    start_curator,
)

INCOMING = 600
BACKUPS = 3


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    return path


def _samples() -> dict:
    shapes = {}
    for sample in SEEDS.glob("*.txt"):
        found = read_seed(sample.read_bytes(), sample.name).entry
        shapes[found.id] = shape_of_entry(found)
    return shapes


def test_backup_during_a_read_transaction_and_a_writer_is_consistent(db: Path, tmp_path: Path,
                                                                     tried) -> None:
    write_seeds(tmp_path / "incoming", INCOMING)
    expected = _samples() | {f"{n:016x}": shape_of_entry(entry(n)) for n in range(INCOMING)}
    samples = len(_samples())

    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM entries").fetchone()[0] == samples
    writer = start_curator("import", "--db", str(db), str(tmp_path / "incoming"))
    counts = []
    overlapped = 0
    try:
        poll = read_only(db)
        for number in range(BACKUPS):
            target = INCOMING * (number + 1) // (2 * BACKUPS)
            while poll.execute("SELECT count(*) FROM entries").fetchone()[0] < samples + target:
                assert writer.poll() is None, "the import ended before the backups were made"
                time.sleep(0.005)
            copy = tmp_path / f"backup-{number}.db"
            result = curator("backup", "--db", str(db), "--output", str(copy))
            overlapped += writer.poll() is None  # the import still ran when the copy was done
            assert result.returncode == 0, result.stderr
            assert_no_traceback(result.stderr)
            stored = assert_library_whole(copy, expected)
            ids = {row[0] for row in sqlite3.connect(copy).execute("SELECT id FROM entries")}
            # Files are imported in name order, one transaction each: a consistent copy holds
            # the samples and exactly the first k of them.
            k = stored - samples
            assert ids == set(_samples()) | {f"{n:016x}" for n in range(k)}
            counts.append(k)
        poll.close()
        # The long read transaction still sees the library as it was when it began.
        assert reader.execute("SELECT count(*) FROM entries").fetchone()[0] == samples
    finally:
        reader.execute("COMMIT")
        reader.close()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert_no_traceback(err)
    assert counts == sorted(counts) and counts[0] > 0
    assert overlapped >= 1, "the import finished before the backups: make it longer"
    tried("`curator backup` while another connection holds a read transaction open and "
          "another process imports", BACKUPS,
          f"copies held {', '.join(map(str, counts))} of {INCOMING} new entries ({overlapped} "
          "made while the import ran): each integrity "
          "ok, every entry whole, exactly a committed state; the reader's snapshot unchanged")


def _limited_backup(db: Path, target: Path, limit: int) -> subprocess.CompletedProcess[str]:
    def child() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "curator", "backup", "--db", str(db), "--output", str(target)],
        cwd=REPO, env=cli_env(), capture_output=True, text=True, timeout=60, preexec_fn=child)


def test_failed_backup_leaves_no_file(db: Path, tmp_path: Path, tried) -> None:
    target = tmp_path / "copy.db"
    result = _limited_backup(db, target, 60_000)
    assert_no_traceback(result.stderr)
    assert result.returncode == 2 and "could not be written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".copy", "copy"))) == []
    tried("full disk (RLIMIT_FSIZE 60 kB) during `curator backup`", 1,
          "exit 2, clear message, no file (not even an empty one) under the backup's name")


@pytest.mark.parametrize("kind", ["missing folder", "folder", "not a database", "the library"])
def test_bad_backup_targets_are_refused(db: Path, tmp_path: Path, kind: str, capsys, tried) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    target = {"missing folder": tmp_path / "nowhere" / "copy.db", "folder": tmp_path,
              "not a database": notes, "the library": db}[kind]
    before = db.read_bytes()
    assert main(["backup", "--db", str(db), "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("curator: ") and err.count("\n") == 1, err
    assert notes.read_text() == "my notes" and db.read_bytes() == before
    assert not (tmp_path / "nowhere").exists()
    message = err.strip().replace(str(tmp_path) + "/", "")[:90]
    tried(f"`curator backup --output` {kind}", 1, f"exit 2: {message}")
