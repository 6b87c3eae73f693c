"""Operations on entries: each change record, its undo (before again) and redo (after again)."""

from __future__ import annotations

import pytest

from curator.core import operations as ops
from curator.core.errors import CuratorError, VersionConflict
from curator.core.operations import By, Touched
from curator.core.store import Filter, Library
from tests.core.library_state import bys, log, state


def _ids(library: Library, count: int) -> list[str]:
    return library.entries.ids(Filter())[:count]


def test_save_an_edit_then_undo_and_redo(seeded: Library) -> None:
    entry_id = _ids(seeded, 1)[0]
    before, logged = state(seeded), log(seeded)
    entry = seeded.entries.get(entry_id)
    change = ops.save_entry(seeded, entry.model_copy(update={"title": "New"}),
                            seeded.entries.version(entry_id))
    after, changed = state(seeded), log(seeded)
    assert change.entry_ids == (entry_id,) and change.text == "edit of “New”"
    assert change.touched == Touched.TITLE | Touched.CONTENT
    assert change.version == seeded.entries.version(entry_id) and bys(seeded, entry_id) == [By.EDIT]
    undone = change.inverse(seeded, By.UNDO)
    assert state(seeded) == before and log(seeded) == logged
    assert undone.entry_ids == (entry_id,) and undone.touches(Touched.TITLE)
    redone = undone.inverse(seeded, By.REDO)
    assert state(seeded) == after and log(seeded) == changed
    redone.inverse(seeded, By.UNDO)
    assert state(seeded) == before


def test_saving_nothing_new_cannot_be_undone(seeded: Library) -> None:
    entry_id = _ids(seeded, 1)[0]
    change = ops.save_entry(seeded, seeded.entries.get(entry_id), seeded.entries.version(entry_id))
    assert change.touched == Touched.NOTHING and not change.undoable


def test_undo_of_a_save_refuses_over_a_later_save(seeded: Library) -> None:
    entry_id = _ids(seeded, 1)[0]
    entry = seeded.entries.get(entry_id)
    change = ops.save_entry(seeded, entry.model_copy(update={"title": "Mine"}),
                            seeded.entries.version(entry_id))
    ops.save_entry(seeded, seeded.entries.get(entry_id).model_copy(update={"title": "Theirs"}),
                   seeded.entries.version(entry_id))
    with pytest.raises(VersionConflict):
        change.inverse(seeded, By.UNDO)
    assert seeded.entries.get(entry_id).title == "Theirs"


def test_revert_a_history_change_then_undo_and_redo(seeded: Library) -> None:
    entry_id = _ids(seeded, 1)[0]
    original = seeded.entries.get(entry_id)
    ops.save_entry(seeded, original.model_copy(update={"title": "Changed"}),
                   seeded.entries.version(entry_id))
    before, logged = state(seeded), log(seeded)
    pk = next(row.pk for row in seeded.entries.history(entry_id) if row.field == "title")
    change = ops.revert_change(seeded, pk)
    assert seeded.entries.get(entry_id).title == original.title
    assert bys(seeded, entry_id) == ["revert"] and change.touches(Touched.TITLE)
    after, reverted = state(seeded), log(seeded)
    undone = change.inverse(seeded, By.UNDO)
    assert state(seeded) == before and log(seeded) == logged
    undone.inverse(seeded, By.REDO)
    assert state(seeded) == after and log(seeded) == reverted


def test_revert_of_a_whole_entry_is_refused(seeded: Library) -> None:
    entry_id = _ids(seeded, 1)[0]
    pk = next(row.pk for row in seeded.entries.history(entry_id) if row.field == "entry")
    with pytest.raises(CuratorError, match="cannot be reverted"):
        ops.revert_change(seeded, pk)


def test_set_status_keeps_each_old_status_for_undo(seeded: Library) -> None:
    first, second, third = _ids(seeded, 3)
    ops.set_status(seeded, [first], "rejected")
    assert bys(seeded, first) == ["edit"]  # one entry: an edit
    ops.set_status(seeded, [third], "approved")
    before, logged = state(seeded), log(seeded)
    change = ops.set_status(seeded, [first, second, third], "approved")
    assert set(change.entry_ids) == {first, second}  # the third was approved already
    assert change.text == "status → approved on 2 entries"
    assert change.touched == Touched.STATUS | Touched.CONTENT
    assert bys(seeded, first) == bys(seeded, second) == ["bulk"]
    after, changed = state(seeded), log(seeded)
    undone = change.inverse(seeded, By.UNDO)
    assert state(seeded) == before and seeded.entries.get(first).status == "rejected"
    assert log(seeded) == logged
    undone.inverse(seeded, By.REDO)
    assert state(seeded) == after and log(seeded) == changed


def test_status_already_set_changes_nothing(seeded: Library) -> None:
    entry_id = _ids(seeded, 1)[0]
    change = ops.set_status(seeded, [entry_id], seeded.entries.get(entry_id).status)
    assert change.entry_ids == () and not change.undoable


@pytest.mark.parametrize("facet", ["keyword", "theme"])
def test_add_and_remove_a_term_then_undo_and_redo(seeded: Library, facet: str) -> None:
    ids = _ids(seeded, 3)
    before, logged = state(seeded), log(seeded)
    added = ops.change_terms(seeded, facet, ids, "Watchlist", add=True)
    noun = "keyword" if facet == "keyword" else "theme"
    assert added.text == f"add {noun} “Watchlist” to 3 entries"
    assert set(added.entry_ids) == set(ids) and added.touched == Touched.TERMS | Touched.CONTENT
    assert bys(seeded, ids[0]) == ["bulk"]
    after, changed = state(seeded), log(seeded)
    again = ops.change_terms(seeded, facet, ids, "watchlist", add=True)  # ignoring case
    assert again.entry_ids == () and not again.undoable
    undone = added.inverse(seeded, By.UNDO)
    assert state(seeded) == before and log(seeded) == logged
    undone.inverse(seeded, By.REDO)
    assert state(seeded) == after and log(seeded) == changed
    removed = ops.change_terms(seeded, facet, ids[:2], "WATCHLIST", add=False)
    assert removed.text == f"remove {noun} “WATCHLIST” from 2 entries"
    removed.inverse(seeded, By.UNDO)
    assert state(seeded) == after


def test_delete_then_undo_and_redo(seeded: Library) -> None:
    ids = _ids(seeded, 2)
    before, logged = state(seeded), log(seeded)
    change = ops.delete_entries(seeded, ids)
    assert change.entry_ids == tuple(ids) and change.text == "delete of 2 entries"
    assert change.touched == Touched.ENTRIES and not any(seeded.entries.has(i) for i in ids)
    after, deleted = state(seeded), log(seeded)
    undone = change.inverse(seeded, By.UNDO)
    assert state(seeded) == before and log(seeded) == logged
    redone = undone.inverse(seeded, By.REDO)
    assert state(seeded) == after and log(seeded) == deleted
    redone.inverse(seeded, By.UNDO)
    assert state(seeded) == before


def test_delete_of_one_names_it(seeded: Library) -> None:
    entry_id = _ids(seeded, 1)[0]
    title = seeded.entries.get(entry_id).title
    assert ops.delete_entries(seeded, [entry_id]).text.startswith(f"delete of “{title[:20]}")


def test_touched_by_history_paths() -> None:
    assert ops.touched_by(["title"]) == Touched.TITLE | Touched.CONTENT
    assert ops.touched_by(["signals.2.relevancy"]) == Touched.SCORES | Touched.CONTENT
    assert ops.touched_by(["issues.0.name"]) == Touched.ITEMS | Touched.CONTENT
    assert ops.touched_by(["keywords", "notes"]) == Touched.TERMS | Touched.CONTENT
    assert ops.touched_by(["entry"]) == Touched.ENTRIES
