"""The undo command: each kind of action undoes and redoes through its change's inverse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from curator.core import operations as ops
from curator.core.operations import Change, ItemKey
from curator.core.store import Filter, Library
from curator.gui.operations import ChangeCommand
from tests.conftest import SEEDS


class Calls:
    def __init__(self) -> None:
        self.changed: list[list[str]] = []
        self.failed: list[str] = []

    def on_changed(self, change: Change) -> None:
        self.changed.append(list(change.entry_ids))

    def on_failed(self, message: str) -> None:
        self.failed.append(message)


@pytest.fixture
def calls() -> Calls:
    return Calls()


def test_save_entry_undo_redo(seeded: Library, calls: Calls) -> None:
    stack = QUndoStack()
    entry_id = seeded.entries.ids(Filter())[0]
    before = seeded.entries.get(entry_id)
    change = ops.save_entry(seeded, before.model_copy(update={"title": "New"}),
                            seeded.entries.version(entry_id))
    stack.push(ChangeCommand(seeded, change, calls.on_changed, calls.on_failed))
    assert stack.undoText().startswith("edit of “New")
    stack.undo()
    assert seeded.entries.get(entry_id).title == before.title
    stack.redo()
    assert seeded.entries.get(entry_id).title == "New"
    assert calls.changed == [[entry_id], [entry_id]]


def test_undo_after_someone_else_saved_is_refused(seeded: Library, calls: Calls) -> None:
    stack = QUndoStack()
    entry_id = seeded.entries.ids(Filter())[0]
    before = seeded.entries.get(entry_id)
    change = ops.save_entry(seeded, before.model_copy(update={"title": "Mine"}),
                            seeded.entries.version(entry_id))
    stack.push(ChangeCommand(seeded, change, calls.on_changed, calls.on_failed))
    theirs = seeded.entries.get(entry_id).model_copy(update={"title": "Theirs"})
    seeded.edits.save_entry(theirs, seeded.entries.version(entry_id))
    stack.undo()
    assert seeded.entries.get(entry_id).title == "Theirs"  # their edit is not lost
    assert calls.failed and "changed elsewhere" in calls.failed[0]


def test_bulk_status_over_1000_entries_is_one_step(tmp_path: Path, calls: Calls) -> None:
    from tests.perf.corpus import build_library

    path = tmp_path / "big.db"
    build_library(path, 1000)
    with Library(path) as library:
        ids = library.entries.ids(Filter())
        change = ops.set_status(library, ids, "approved")
        stack = QUndoStack()
        stack.push(ChangeCommand(library, change, calls.on_changed, calls.on_failed))
        assert stack.count() == 1 and stack.undoText() == "status → approved on 1,000 entries"
        stack.undo()
        assert library.entries.facet_counts(Filter(), "status") == [("new", 1000)]
        stack.redo()
        assert library.entries.facet_counts(Filter(), "status") == [("approved", 1000)]


def test_terms_delete_and_relevancy_round_trip(seeded: Library, calls: Calls) -> None:
    stack = QUndoStack()
    ids = seeded.entries.ids(Filter())[:3]
    before = seeded.edits.terms("keyword", ids)
    change = ops.change_terms(seeded, "keyword", ids, "flagged", add=True)
    stack.push(ChangeCommand(seeded, change, calls.on_changed, calls.on_failed))
    entry = seeded.entries.get(ids[0])
    old = entry.signals[0].relevancy
    new = 5 if old != 5 else 1
    change = ops.set_score(seeded, ItemKey(ids[0], "signals", 0), new)
    stack.push(ChangeCommand(seeded, change, calls.on_changed, calls.on_failed))
    assert stack.undoText().startswith(f"relevancy {old} → {new} on “{entry.title[:20]}")
    change = ops.delete_entries(seeded, ids[1:])
    stack.push(ChangeCommand(seeded, change, calls.on_changed, calls.on_failed))
    stack.undo()
    assert all(seeded.entries.has(i) for i in ids)
    stack.undo()
    assert seeded.entries.get(ids[0]).signals[0].relevancy == old
    stack.undo()
    assert seeded.edits.terms("keyword", ids) == before
    for _ in range(3):
        stack.redo()
    assert not seeded.entries.has(ids[1]) and seeded.entries.get(ids[0]).signals[0].relevancy == new
    assert "flagged" in seeded.edits.terms("keyword", ids[:1])[ids[0]]


def test_import_undo_and_redo(library: Library, tmp_path: Path, calls: Calls) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    _report, change = ops.import_files(library, [folder])
    stack = QUndoStack()
    stack.push(ChangeCommand(library, change, calls.on_changed, calls.on_failed))
    stack.undo()
    assert library.entries.total() == 0
    stack.redo()
    assert library.entries.total() == len(list(SEEDS.glob("*.txt")))


def test_group_scores_are_one_step(seeded: Library, calls: Calls) -> None:
    first, second = seeded.entries.ids(Filter())[:2]
    keys = [ItemKey(first, "signals", 0), ItemKey(second, "signals", 0)]
    old = {k: seeded.entries.get(k[0]).signals[0].relevancy for k in keys}
    new = {k: 2 for k in keys}
    change = ops.set_group_score(seeded, keys, 2)
    stack = QUndoStack()
    stack.push(ChangeCommand(seeded, change, calls.on_changed, calls.on_failed))
    stack.undo()
    assert {k: seeded.entries.get(k[0]).signals[0].relevancy for k in keys} == old
    stack.redo()
    assert {k: seeded.entries.get(k[0]).signals[0].relevancy for k in keys} == new
