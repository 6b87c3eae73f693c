"""Operations on scores: one score with a reason, a group's scores, review marks."""

from __future__ import annotations

import pytest

from curator.core import operations as ops
from curator.core.errors import CuratorError
from curator.core.operations import By, ItemKey, Touched
from curator.core.store import Filter, Library
from tests.core.library_state import state


def _key(library: Library, index: int = 0, section: str = "signals",
         position: int = 0) -> ItemKey:
    return ItemKey(library.entries.ids(Filter())[index], section, position)


def _score(library: Library, key: ItemKey) -> int:
    return library.entries.get(key.entry_id).items(key.section)[key.position].relevancy


def test_set_one_score_with_a_reason_then_undo_and_redo(seeded: Library) -> None:
    key = _key(seeded, section="concerns", position=1)
    old = _score(seeded, key)
    new = 1 if old != 1 else 5
    before = state(seeded)
    title = seeded.entries.get(key.entry_id).title
    change = ops.set_score(seeded, key, new, reason="overstated")
    assert change.entry_ids == (key.entry_id,)
    assert change.version == seeded.entries.version(key.entry_id)
    assert change.text == f"relevancy {old} → {new} on “{title[:39]}" + (
        "…”" if len(title) > 40 else "”")
    assert change.touched == Touched.SCORES | Touched.CONTENT
    after = state(seeded)
    # Only that score changed: no review mark, no other item.
    changed = {path for path in after[key.entry_id]
               if after[key.entry_id][path] != before[key.entry_id][path]}
    assert changed == {"concerns"} and seeded.items.get(key).reviewed is False
    assert {i for i in before if before[i] != after[i]} == {key.entry_id}
    top = seeded.entries.history(key.entry_id)[0]
    assert (top.field, top.old, top.new, top.by, top.reason) == (
        "concerns.1.relevancy", old, new, "review", "overstated")
    undone = change.inverse(seeded, By.UNDO)
    assert state(seeded) == before and undone.text == change.text
    top = seeded.entries.history(key.entry_id)[0]
    assert (top.by, top.new, top.reason) == ("undo", old, None)
    undone.inverse(seeded, By.REDO)
    assert state(seeded) == after
    top = seeded.entries.history(key.entry_id)[0]
    assert (top.by, top.new, top.reason) == ("redo", new, "overstated")


def test_the_same_score_changes_nothing(seeded: Library) -> None:
    key = _key(seeded)
    change = ops.set_score(seeded, key, _score(seeded, key))
    assert change.entry_ids == () and not change.undoable


def test_a_score_out_of_range_or_a_missing_item_is_refused(seeded: Library) -> None:
    with pytest.raises(CuratorError, match="1 to 5"):
        ops.set_score(seeded, _key(seeded), 6)
    with pytest.raises(CuratorError, match="no signals item 100"):
        ops.set_score(seeded, _key(seeded, position=99), 3)


def test_a_group_score_then_undo_and_redo(seeded: Library) -> None:
    keys = [_key(seeded, 0), _key(seeded, 1), _key(seeded, 1, "concerns", 0)]
    value = 2 if _score(seeded, keys[0]) != 2 else 3
    moved = {key.entry_id for key in keys if _score(seeded, key) != value}
    before = state(seeded)
    change = ops.set_group_score(seeded, keys, value)
    assert change.text == f"score {value} for 3 items" and set(change.entry_ids) == moved
    assert all(_score(seeded, key) == value for key in keys)
    assert seeded.entries.history(keys[0].entry_id)[0].by == "bulk"
    after = state(seeded)
    undone = change.inverse(seeded, By.UNDO)
    assert state(seeded) == before
    undone.inverse(seeded, By.REDO)
    assert state(seeded) == after


def test_mark_reviewed_is_a_mark_not_an_undo_step(seeded: Library) -> None:
    key = _key(seeded)
    version = seeded.entries.version(key.entry_id)
    change = ops.mark_reviewed(seeded, [key])
    assert change.touched == Touched.REVIEWED and not change.undoable
    assert change.entry_ids == (key.entry_id,)
    assert seeded.items.get(key).reviewed and seeded.entries.version(key.entry_id) == version
