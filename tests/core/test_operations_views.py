"""Saving and deleting a saved view: one operation each, whose inverse puts back what was."""

from __future__ import annotations

import pytest

from curator.core.errors import CuratorError
from curator.core.operations import By, Touched, delete_view, save_view
from curator.core.store import Filter, Library

OLD = Filter(search="old")
NEW = Filter(include=frozenset({("status", "new")}))


def test_save_a_new_view_and_undo_and_redo_it(seeded: Library) -> None:
    change = save_view(seeded, "Mine", NEW)
    assert seeded.saved_views.all() == [("Mine", NEW)]
    assert change.touched == Touched.VIEWS and change.entry_ids == ()
    assert change.text == "save view “Mine”"
    assert change.inverse is not None
    undone = change.inverse(seeded, By.UNDO)
    assert seeded.saved_views.all() == []
    assert undone.inverse is not None
    undone.inverse(seeded, By.REDO)
    assert seeded.saved_views.all() == [("Mine", NEW)]


def test_replacing_a_view_is_undone_to_its_old_filter(seeded: Library) -> None:
    save_view(seeded, "Mine", OLD)
    change = save_view(seeded, "Mine", NEW)
    assert change.inverse is not None
    change.inverse(seeded, By.UNDO)
    assert seeded.saved_views.all() == [("Mine", OLD)]


def test_delete_a_view_and_undo_it(seeded: Library) -> None:
    save_view(seeded, "Mine", OLD)
    save_view(seeded, "Other", NEW)
    change = delete_view(seeded, "Mine")
    assert seeded.saved_views.all() == [("Other", NEW)]
    assert change.inverse is not None
    undone = change.inverse(seeded, By.UNDO)
    assert seeded.saved_views.all() == [("Mine", OLD), ("Other", NEW)]
    assert undone.inverse is not None
    undone.inverse(seeded, By.REDO)
    assert seeded.saved_views.all() == [("Other", NEW)]


def test_what_changes_nothing_has_nothing_to_undo(seeded: Library) -> None:
    assert not delete_view(seeded, "Absent").undoable
    save_view(seeded, "Mine", OLD)
    assert not save_view(seeded, "Mine", OLD).undoable
    assert seeded.saved_views.all() == [("Mine", OLD)]


def test_a_read_only_library_refuses(seeded: Library) -> None:
    save_view(seeded, "Mine", OLD)
    with Library(seeded.path, read_only=True) as library, pytest.raises(CuratorError):
        delete_view(library, "Mine")
    assert seeded.saved_views.all() == [("Mine", OLD)]
