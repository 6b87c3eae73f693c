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
    assert change.touched == Touched.SCORES | Touched.CONTENT | Touched.REVIEWED
    after = state(seeded)
    # Only that item changed: its score and its review mark, no other item.
    changed = {path for path in after[key.entry_id]
               if after[key.entry_id][path] != before[key.entry_id][path]}
    assert changed == {"concerns"} and seeded.items.get(key).reviewed is True
    changed_items = [i for i, (a, b) in enumerate(zip(before[key.entry_id]["concerns"],
                                                      after[key.entry_id]["concerns"])) if a != b]
    assert changed_items == [1]
    assert {i for i in before if before[i] != after[i]} == {key.entry_id}
    history = seeded.entries.history(key.entry_id)
    top = history[0]
    assert (top.field, top.old, top.new, top.by, top.reason) == (
        "concerns.1.relevancy", old, new, "review", "overstated")
    undone = change.inverse(seeded, By.UNDO)
    assert state(seeded) == before and undone.text == change.text
    # Undo takes the change back: the history reads as if it had never been made...
    assert seeded.entries.history(key.entry_id) == history[1:]
    undone.inverse(seeded, By.REDO)
    assert state(seeded) == after
    # ...and redo puts the very row back (who, when, why), not a row of its own.
    assert seeded.entries.history(key.entry_id) == history


def test_undo_of_a_score_takes_the_review_mark_back_too(seeded: Library) -> None:
    key = _key(seeded)
    assert seeded.items.get(key).reviewed is False
    change = ops.set_score(seeded, key, 1 if _score(seeded, key) != 1 else 5)
    assert seeded.items.get(key).reviewed is True
    undone = change.inverse(seeded, By.UNDO)
    assert seeded.items.get(key).reviewed is False
    undone.inverse(seeded, By.REDO)
    assert seeded.items.get(key).reviewed is True


def test_a_score_on_a_reviewed_item_leaves_it_reviewed_after_undo(seeded: Library) -> None:
    key = _key(seeded)
    seeded.items.set_reviewed([key])
    change = ops.set_score(seeded, key, 1 if _score(seeded, key) != 1 else 5)
    assert change.touched == Touched.SCORES | Touched.CONTENT
    change.inverse(seeded, By.UNDO)
    assert seeded.items.get(key).reviewed is True


def test_the_same_score_marks_the_item_reviewed_as_one_undo_step(seeded: Library) -> None:
    key = _key(seeded)
    before = state(seeded)
    change = ops.set_score(seeded, key, _score(seeded, key))
    assert change.touched == Touched.REVIEWED and change.entry_ids == (key.entry_id,)
    assert change.text.startswith("review mark on “") and seeded.items.get(key).reviewed
    change.inverse(seeded, By.UNDO)
    assert state(seeded) == before


def test_the_same_score_on_a_reviewed_item_changes_nothing(seeded: Library) -> None:
    key = _key(seeded)
    seeded.items.set_reviewed([key])
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
    assert all(seeded.items.get(key).reviewed for key in keys)
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


def test_a_score_changed_in_the_edit_form_marks_that_item_reviewed(seeded: Library) -> None:
    key = _key(seeded, 2, "signals", 1)
    entry = seeded.entries.get(key.entry_id)
    before = state(seeded)
    signals = [item.model_copy() for item in entry.signals]
    signals[1] = signals[1].model_copy(
        update={"relevancy": 1 if signals[1].relevancy != 1 else 5})
    edited = entry.model_copy(update={"signals": signals, "summary": "Edited."})
    change = ops.save_entry(seeded, edited, seeded.entries.version(key.entry_id))
    saved = seeded.entries.get(key.entry_id)
    assert [item.reviewed for item in saved.signals] == [
        i == 1 for i in range(len(saved.signals))]
    assert change.touches(Touched.REVIEWED)
    change.inverse(seeded, By.UNDO)
    assert state(seeded) == before


def test_an_item_added_in_the_edit_form_marks_no_other_item(seeded: Library) -> None:
    key = _key(seeded, 2, "signals", 0)
    entry = seeded.entries.get(key.entry_id)
    first = entry.signals[0].model_copy(update={"name": "A new signal above the others"})
    edited = entry.model_copy(update={"signals": [first, *entry.signals]})
    ops.save_entry(seeded, edited, seeded.entries.version(key.entry_id))
    assert not any(item.reviewed for item in seeded.entries.get(key.entry_id).signals)


def test_reverting_a_score_from_the_history_is_not_a_review(seeded: Library) -> None:
    key = _key(seeded)
    entry = seeded.entries.get(key.entry_id)
    signals = list(entry.signals)
    signals[0] = signals[0].model_copy(
        update={"relevancy": 1 if signals[0].relevancy != 1 else 5})
    ops.save_entry(seeded, entry.model_copy(update={"signals": signals}),
                   seeded.entries.version(key.entry_id))
    seeded.items.set_reviewed([key], False)
    row = next(r for r in seeded.entries.history(key.entry_id) if r.field == "signals.0.relevancy")
    ops.revert_change(seeded, row.pk)
    assert _score(seeded, key) == entry.signals[0].relevancy
    assert seeded.items.get(key).reviewed is False
