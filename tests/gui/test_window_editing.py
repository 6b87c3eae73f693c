"""Editing from the main window: save, undo, unsaved-changes prompts, conflicts, bulk actions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from curator.core.importer import import_paths
from curator.core.store import Filter, Library
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask
from tests.conftest import SEEDS


class Answers:
    """What the patched dialogs answer, and what they were asked."""

    def __init__(self) -> None:
        self.unsaved = "cancel"
        self.conflict = "keep"
        self.confirm = True
        self.text: str | None = None
        self.asked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def answers(monkeypatch) -> Answers:
    given = Answers()

    def record(kind, value):
        def ask_(*args, **kwargs):
            given.asked.append(kind)
            return getattr(given, value) if isinstance(value, str) else value(args)
        return ask_

    monkeypatch.setattr(ask, "unsaved_changes", record("unsaved", "unsaved"))
    monkeypatch.setattr(ask, "version_conflict", record("conflict", "conflict"))
    monkeypatch.setattr(ask, "confirm", record("confirm", "confirm"))
    monkeypatch.setattr(ask, "text", record("text", "text"))
    monkeypatch.setattr(ask, "show_error", lambda parent, title, text: given.errors.append(text))
    return given


@pytest.fixture
def window(qtbot, tmp_path: Path, answers):
    path = tmp_path / "lib.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.show()
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    yield window
    answers.unsaved = "discard"
    window.close()


def start_editing(window: MainWindow) -> str:
    window.user_actions.edit_action.trigger()
    assert window.editing.editing()
    return window.editor.entry_id


def type_title(window: MainWindow, qtbot, title: str) -> None:
    window.editor.general.title_edit.setText(title)
    qtbot.waitUntil(lambda: window.editor.is_dirty() and window.editor.current_entry() is not None
                    and window.editor.current_entry().title == title, timeout=3000)


def test_edit_save_and_read_back(qtbot, window) -> None:
    entry_id = start_editing(window)
    type_title(window, qtbot, "A corrected title")
    assert window.editor.save()
    assert window.library.entries.get(entry_id).title == "A corrected title"
    assert not window.editor.is_dirty()
    assert window.library.entries.history(entry_id)[0].field == "title"


def test_undo_and_redo_an_edit_from_the_menu(qtbot, window) -> None:
    entry_id = start_editing(window)
    before = window.library.entries.get(entry_id).title
    type_title(window, qtbot, "Edited")
    window.editor.save()
    assert window.user_actions.undo_action.text().startswith("&Undo edit of “Edited")
    window.user_actions.undo_action.trigger()
    assert window.library.entries.get(entry_id).title == before
    assert window.editor.general.title_edit.text() == before  # the open form follows
    window.user_actions.redo_action.trigger()
    assert window.library.entries.get(entry_id).title == "Edited"


def test_invalid_input_never_reaches_the_library(qtbot, window) -> None:
    entry_id = start_editing(window)
    before = window.library.entries.get(entry_id)
    window.editor.general.url_edit.setText("ftp://x")
    qtbot.waitUntil(lambda: "url" in window.editor.errors(), timeout=3000)
    assert not window.editor.save()
    assert window.library.entries.get(entry_id) == before


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_selecting_another_entry_asks_first(qtbot, window, answers, answer) -> None:
    entry_id = start_editing(window)
    type_title(window, qtbot, "Unsaved title")
    answers.unsaved = answer
    window.list_view.setCurrentIndex(window.model.index(3, 0))
    assert answers.asked == ["unsaved"]
    stored = window.library.entries.get(entry_id).title
    if answer == "cancel":
        assert window.editing.editing() and window.editor.entry_id == entry_id
        assert window.list_view.current_entry_id() == entry_id and stored != "Unsaved title"
    else:
        assert not window.editing.editing()
        assert (stored == "Unsaved title") == (answer == "save")


def test_closing_the_window_asks_first(qtbot, window, answers) -> None:
    start_editing(window)
    type_title(window, qtbot, "Unsaved")
    answers.unsaved = "cancel"
    assert not window.close()
    assert window.isVisible() and answers.asked == ["unsaved"]


def test_opening_another_library_asks_first(qtbot, window, answers, tmp_path) -> None:
    start_editing(window)
    type_title(window, qtbot, "Unsaved")
    answers.unsaved = "cancel"
    assert not window.open_library(tmp_path / "other.db")
    assert window.library.path.name == "lib.db" and answers.asked == ["unsaved"]


def test_importing_asks_first(qtbot, window, answers, tmp_path) -> None:
    start_editing(window)
    type_title(window, qtbot, "Unsaved")
    answers.unsaved = "cancel"
    window.transfers.import_paths([str(SEEDS)])
    assert window.transfers.import_task is None and answers.asked == ["unsaved"]


@pytest.mark.parametrize("answer", ["keep", "overwrite", "reload"])
def test_save_over_another_windows_save(qtbot, window, answers, answer) -> None:
    entry_id = start_editing(window)
    with Library(window.library.path) as other:
        theirs = other.entries.get(entry_id).model_copy(update={"summary": "Their summary."})
        other.edits.save_entry(theirs, other.entries.version(entry_id))
    type_title(window, qtbot, "My title")
    answers.conflict = answer
    window.editor.save()
    assert answers.asked == ["conflict"]
    stored = window.library.entries.get(entry_id)
    if answer == "keep":
        assert stored.summary == "Their summary." and stored.title != "My title"
        assert window.editor.is_dirty()
    elif answer == "overwrite":
        assert stored.title == "My title"
    else:
        assert stored.summary == "Their summary." and not window.editor.is_dirty()
        assert window.editor.general.title_edit.text() == stored.title


def test_bulk_status_on_the_selection_is_one_undo_step(window, answers) -> None:
    window.list_view.selectAll()
    count = window.model.rowCount()
    window.user_actions.status_actions[2].trigger()  # approved
    assert answers.asked == []  # a few entries, undoable: no question
    approved = Filter(include=frozenset({("status", "approved")}))
    assert window.library.entries.count(approved) == count
    assert window.undo_stack.count() == 1
    window.user_actions.undo_action.trigger()
    assert window.library.entries.count(Filter(include=frozenset({("status", "approved")}))) == 0


def test_bulk_keyword_and_delete_with_undo(window, answers) -> None:
    selection = window.list_view.selectionModel()
    for row in (1, 2):
        flags = QItemSelectionModel.SelectionFlag
        selection.select(window.model.index(row, 0), flags.Select | flags.Rows)
    ids = window.list_view.selected_ids()
    assert len(ids) >= 2
    answers.text = "shortlist"
    window.user_actions.add_keyword_action.trigger()
    shortlisted = Filter(include=frozenset({("keyword", "shortlist")}))
    assert window.library.entries.count(shortlisted) == len(ids)
    window.user_actions.delete_action.trigger()
    assert not any(window.library.entries.has(i) for i in ids)
    window.user_actions.undo_action.trigger()
    assert all(window.library.entries.has(i) for i in ids)
    window.user_actions.undo_action.trigger()
    assert window.library.entries.count(Filter(include=frozenset({("keyword", "shortlist")}))) == 0


def test_history_shows_and_reverts_a_change(qtbot, window) -> None:
    entry_id = start_editing(window)
    before = window.library.entries.get(entry_id).title
    type_title(window, qtbot, "Retitled")
    window.editor.save()
    window.editing.leave_edit()
    window.right_tabs.setCurrentWidget(window.history)
    fields = [window.history.tree.topLevelItem(i).text(1)
              for i in range(window.history.tree.topLevelItemCount())]
    assert fields[0].startswith("Title: ") and window.history.lines[0].kind == "Title"
    assert window.history.tree.topLevelItem(0).text(3) == "Retitled"
    window.history.tree.setCurrentItem(window.history.tree.topLevelItem(0))
    window.history.tree.topLevelItem(0).setSelected(True)
    window.history.revert_button.click()
    assert window.library.entries.get(entry_id).title == before


def test_undo_an_import(qtbot, window, tmp_path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder / "extra-copy.txt")
    total = window.library.entries.total()
    window.transfers.import_paths([str(folder)])
    transfers = window.transfers
    qtbot.waitUntil(lambda: transfers.report_dialog is not None
                    and transfers.report_dialog.isVisible(), timeout=20000)
    window.transfers.report_dialog.reject()
    assert window.library.entries.total() == total + 1
    window.user_actions.undo_action.trigger()
    assert window.library.entries.total() == total


def test_bulk_status_over_1000_selected_entries(qtbot, tmp_path, answers) -> None:
    from tests.perf.corpus import build_library

    path = tmp_path / "thousand.db"
    build_library(path, 1000)
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.show()
    window.list_view.selectAll()
    window.user_actions.status_actions[1].trigger()  # reviewed
    assert answers.asked == ["confirm"]
    reviewed = Filter(include=frozenset({("status", "reviewed")}))
    assert window.library.entries.count(reviewed) == 1000
    assert window.undo_stack.count() == 1
    assert window.user_actions.undo_action.text() == "&Undo status → reviewed on 1,000 entries"
    assert len(window.list_view.selected_ids()) == 1000  # the selection survives the refresh
    window.user_actions.undo_action.trigger()
    assert window.library.entries.count(reviewed) == 0
    window.close()


def test_two_windows_on_one_library(qtbot, window) -> None:
    other = MainWindow(window.library.path)
    qtbot.addWidget(other)
    other.show()
    entry_id = start_editing(window)
    type_title(window, qtbot, "Saved in the first window")
    window.editor.save()
    other.check_for_outside_changes()  # what its timer does every two seconds
    row = other.model.row_of(entry_id)
    assert other.model.index(row, 0).data() == "Saved in the first window"
    other.close()


# -- leaving the edit view by keyboard ------------------------------------------------------


def _active(window: MainWindow, qtbot) -> None:
    """Shortcuts answer only in the active window, as for an analyst at the desk."""
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_escape_leaves_a_saved_edit_without_a_question(qtbot, window, answers) -> None:
    _active(window, qtbot)
    start_editing(window)
    field = window.editor.general.title_edit
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not window.editing.editing() and answers.asked == []
    # Back in the list, so the next key moves on to the next entry.
    qtbot.waitUntil(window.list_view.hasFocus)
    row = window.list_view.currentIndex().row()
    qtbot.keyClick(window.list_view, Qt.Key.Key_Down)
    assert window.list_view.currentIndex().row() == row + 1


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                  (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)])
def test_escape_and_done_keys_ask_about_unsaved_changes(qtbot, window, answers, keys) -> None:
    _active(window, qtbot)
    start_editing(window)
    type_title(window, qtbot, "Changed, not saved")
    field = window.editor.general.title_edit
    qtbot.keyClick(field, *keys)
    assert answers.asked == ["unsaved"] and window.editing.editing()  # "cancel": stays
    answers.unsaved = "discard"
    qtbot.keyClick(field, *keys)
    assert answers.asked == ["unsaved", "unsaved"] and not window.editing.editing()


def test_escape_in_a_cell_editor_only_cancels_that_cell(qtbot, window, answers) -> None:
    _active(window, qtbot)
    entry_id = start_editing(window)
    tab = window.editor.items["signals"]
    window.editor.tabs.setCurrentWidget(tab)
    grid, model = tab.editor.grid, tab.model
    before = model.index(0, 0).data()
    grid.setFocus()
    grid.setCurrentIndex(model.index(0, 0))
    grid.edit(model.index(0, 0))
    cell = grid.indexWidget(model.index(0, 0))
    cell.setPlainText("Typed, then thought better of")
    qtbot.waitUntil(cell.hasFocus)
    qtbot.keyClick(cell, Qt.Key.Key_Escape)
    assert grid.state() != QAbstractItemView.State.EditingState
    assert model.index(0, 0).data() == before
    assert window.editing.editing() and window.editor.entry_id == entry_id
    qtbot.keyClick(grid, Qt.Key.Key_Escape)  # a second Esc, in the table: leaves
    assert not window.editing.editing()


def test_done_names_its_keys(window) -> None:
    start_editing(window)
    tip = window.editor.header.close_button.toolTip()
    assert "Esc" in tip and "Ctrl+W" in tip


def test_escape_clears_the_search_only_in_the_search_field(qtbot, window) -> None:
    _active(window, qtbot)
    window.search_field.setText("heat")
    window.list_view.setFocus()
    qtbot.waitUntil(window.list_view.hasFocus)
    qtbot.keyClick(window.list_view, Qt.Key.Key_Escape)
    assert window.search_field.text() == "heat"
    window.search_field.setFocus()
    qtbot.waitUntil(window.search_field.hasFocus)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""


def test_a_save_is_said_in_the_status_bar(qtbot, window) -> None:
    _active(window, qtbot)
    entry_id = start_editing(window)
    type_title(window, qtbot, "Said when saved")
    qtbot.keyClick(window.editor.general.title_edit, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.library.entries.get(entry_id).title == "Said when saved"
    assert window.statusBar().currentMessage() == "Saved “Said when saved”."


def test_undo_and_redo_say_what_they_did_in_the_status_bar(qtbot, window) -> None:
    _active(window, qtbot)
    start_editing(window)
    type_title(window, qtbot, "Said when undone")
    window.editor.save()
    step = window.undo_stack.undoText()
    assert "Said when undone" in step
    qtbot.keyClick(window.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == f"Undone: {step}"
    window.user_actions.redo_action.trigger()
    assert window.statusBar().currentMessage() == f"Redone: {step}"
