"""SIGKILL during `curator import`: the library stays whole; the same import finishes the rest."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import time
from pathlib import Path

from curator.core.store import Library
from tests.perf.corpus import entry, write_seeds
from tests.reliability.conftest import (
    assert_library_whole,
    assert_no_traceback,
    curator,
    read_only,
    shape_of_entry,
    start_curator,
)

FILES = 1000
KILLS = 3
SEED = 20240607


def _count(db: Path) -> int:
    conn = read_only(db)
    try:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # caught mid-recovery after the previous kill: ask again
    finally:
        conn.close()


def _kill_when(db: Path, seeds: Path, at_least: int) -> int:
    """Start an import, SIGKILL it once the library holds `at_least` entries; return the count."""
    process = start_curator("import", "--db", str(db), str(seeds))
    deadline = time.monotonic() + 60
    try:
        while _count(db) < at_least:
            assert process.poll() is None, f"the import ended first: {process.communicate()}"
            assert time.monotonic() < deadline, "the import made no progress"
            time.sleep(0.002)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    return _count(db)


def _summary(stdout: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(
        r"(imported|updated|unchanged|conflicts|failed) (\d+)", stdout)}


def test_sigkill_during_import_leaves_whole_entries_and_resumes(tmp_path: Path, tried) -> None:
    seeds = tmp_path / "seeds"
    write_seeds(seeds, FILES)
    expected = {f"{n:016x}": shape_of_entry(entry(n)) for n in range(FILES)}
    db = tmp_path / "lib.db"
    Library(db).close()

    points = sorted(random.Random(SEED).sample(range(50, FILES - 50), KILLS))
    stored = 0
    for point in points:
        killed_at = _kill_when(db, seeds, max(point, stored + 1))
        stored = assert_library_whole(db, expected)
        assert stored >= killed_at >= point

    before = stored
    finished = curator("import", "--db", str(db), str(seeds))
    assert finished.returncode == 0, finished.stderr
    assert_no_traceback(finished.stderr)
    summary = _summary(finished.stderr)
    assert summary["unchanged"] == before and summary["imported"] == FILES - before
    assert summary["updated"] == summary["failed"] == 0
    assert assert_library_whole(db, expected) == FILES

    again = curator("import", "--db", str(db), str(seeds))
    assert again.returncode == 0
    assert _summary(again.stderr)["unchanged"] == FILES
    conn = sqlite3.connect(db)
    imports = conn.execute("SELECT entry_id, count(*) FROM history WHERE field = 'entry' "
                           "GROUP BY entry_id HAVING count(*) > 1").fetchall()
    conn.close()
    assert imports == [], "an entry was imported twice"
    tried("SIGKILL during `curator import` of 1,000 seed files", KILLS,
          f"killed at {', '.join(map(str, points))} entries: integrity ok, every entry whole "
          "(items, keywords, themes, search index, history), rerun finished the rest, "
          "nothing duplicated")
