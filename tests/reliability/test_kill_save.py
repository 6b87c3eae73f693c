"""A process killed while saving an entry: each entry is the old or the new version, never a mix.

Every save changes the title, the first signal's name and its relevancy together, all from
one counter n: afterwards the three must agree, and the history's last values with them.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from curator.core.importer import import_paths
from curator.core.store import Library
from tests.conftest import SEEDS
from tests.reliability.conftest import integrity, start_python

SEED = 424242
ENTRY = "87f8408c2c65ef91"  # seeds/001

_LIBRARY_LOOP = """
import sys
from curator.core.store import Library

def edit(entry, n):
    first = entry.signals[0].model_copy(update={"name": f"Save {n}", "relevancy": n % 5 + 1})
    return entry.model_copy(update={"title": f"Save {n}", "signals": [first, *entry.signals[1:]]})

with Library(sys.argv[1]) as library:
    entry = library.entries.get(sys.argv[2])
    n = int(entry.title.split()[1]) if entry.title.startswith("Save ") else 0
    print("ready", flush=True)
    while True:
        n += 1
        entries = library.entries
        library.edits.save_entry(edit(entries.get(entry.id), n), entries.version(entry.id))
"""

_WINDOW_LOOP = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

app = QApplication([])
app.setOrganizationName("CuratorKillTest")
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
from curator.gui.shell.main_window import MainWindow

window = MainWindow(Path(sys.argv[1]))
window.show()
window.list_view.setCurrentIndex(window.model.index(window.model.row_of(sys.argv[2]), 0))
window.editing.edit_current()
editor = window.editor
assert editor.entry_id == sys.argv[2]
title = editor.general.title_edit.text()
n = int(title.split()[1]) if title.startswith("Save ") else 0
print("ready", flush=True)
while True:
    n += 1
    editor.general.title_edit.setText(f"Save {n}")
    model = editor.items["signals"].model
    model.setData(model.index(0, 0), f"Save {n}", Qt.ItemDataRole.EditRole)
    model.setData(model.index(0, model.relevancy_column), n % 5 + 1, Qt.ItemDataRole.EditRole)
    assert editor.save(), editor.errors()
    QCoreApplication.processEvents()
"""


def _assert_one_version(db: Path) -> int:
    """The entry is wholly one save's version; its history ends with that same save."""
    assert integrity(db) == "ok"
    with Library(db, read_only=True) as library:
        entry = library.entries.get(ENTRY)
        history = library.entries.history(ENTRY)
        n = int(entry.title.split()[1]) if entry.title.startswith("Save ") else 0
        if n:
            assert entry.signals[0].name == f"Save {n}"
            assert entry.signals[0].relevancy == n % 5 + 1
            last = {}
            for row in reversed(history):  # oldest first: the newest value wins
                last[row.field] = row.new
            assert last["title"] == entry.title
            assert last["signals.0.relevancy"] == entry.signals[0].relevancy
        fts = library.conn.execute(
            "SELECT f.title FROM entries_fts f JOIN entries e ON e.pk = f.rowid WHERE e.id = ?",
            [ENTRY]).fetchone()[0]
        assert fts == entry.title, "the search index holds another version"
        row = library.conn.execute(
            "SELECT max_relevancy, n_signals FROM entries WHERE id = ?", [ENTRY]).fetchone()
        assert tuple(row) == (max(i.relevancy for s in ("signals", "concerns", "behaviors",
                                                        "technologies", "issues")
                                  for i in entry.items(s)), len(entry.signals))
        return n


def _kill_rounds(db: Path, code: str, args: list[str], delays: list[float]) -> list[int]:
    seen = []
    for delay in delays:
        process = start_python(code, str(db), ENTRY, *args)
        try:
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
            time.sleep(delay)
            assert process.poll() is None, process.stderr.read()
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.communicate()
        assert process.returncode == -signal.SIGKILL
        seen.append(_assert_one_version(db))
    return seen


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    return path


def test_library_killed_while_saving_keeps_old_or_new(db: Path, tried) -> None:
    rng = random.Random(SEED)
    delays = [rng.uniform(0.0, 0.4) for _ in range(10)]
    saves = _kill_rounds(db, _LIBRARY_LOOP, [], delays)
    assert saves[-1] > 0, "no save happened before the kills"
    tried("SIGKILL of a process saving an entry in a loop (`library.edits.save_entry`)",
          len(delays),
          f"{saves[-1]} saves in all; after each kill title, signal name and relevancy are "
          "all one save's, history and search index agree, integrity ok")


@pytest.mark.gui
def test_window_killed_while_saving_keeps_old_or_new(db: Path, tmp_path: Path, tried) -> None:
    rng = random.Random(SEED + 1)
    delays = [rng.uniform(0.1, 0.8) for _ in range(4)]
    saves = _kill_rounds(db, _WINDOW_LOOP, [str(tmp_path / "qt")], delays)
    assert saves[-1] > 0, "no save happened before the kills"
    tried("SIGKILL of the GUI (MainWindow, offscreen) saving through the edit view", len(delays),
          f"{saves[-1]} saves in all; each entry the old or the new version, never a mix")
