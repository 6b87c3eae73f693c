"""Help → About and Help → Keyboard shortcuts, built on a main window over a temporary library."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QApplication

from curator import __version__
from curator.gui.shell.about import (
    AboutDialog,
    ShortcutsDialog,
    keyboard_shortcuts,
    show_about,
    show_shortcuts,
)
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(ask, "show_error", lambda *args: pytest.fail(f"error shown: {args}"))
    window = MainWindow(tmp_path / "library.db")
    qtbot.addWidget(window)
    yield window
    window.close()


def rows(dialog: ShortcutsDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_about_names_the_version_library_qt_and_python(qtbot, window) -> None:
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.value_labels["Version"].text() == __version__
    assert dialog.value_labels["Library"].text() == str(window.library.path)
    assert qVersion() in dialog.value_labels["Qt"].text()
    assert dialog.value_labels["Python"].text().startswith(platform.python_version())
    details = dialog.details()
    assert details.splitlines()[0] == f"Curator {__version__}"
    assert f"Library: {window.library.path}" in details


def test_about_copies_its_details(qtbot, window) -> None:
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == dialog.details()


def test_shortcuts_table_lists_edit_entry_and_undo(qtbot, window) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    table = rows(dialog)
    assert ("Edit entry", "Ctrl+E", "Edit menu") in table
    undo = [row for row in table if row[0] == "Undo"]
    assert undo and "Ctrl+Z" in undo[0][1].split(", ")
    assert ("Set status: approved", "Ctrl+3", "Edit › Set status") in table


def test_every_shortcut_of_the_window_is_in_the_table(qtbot, window) -> None:
    listed = {key for shortcut in keyboard_shortcuts(window) for key in shortcut.keys.split(", ")}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            assert sequence.toString(QKeySequence.SequenceFormat.NativeText) in listed, (
                action.text())


def test_a_new_action_shows_up_without_touching_the_dialog(qtbot, window) -> None:
    action = QAction("&Frobnicate", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.addAction(action)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert ("Frobnicate", "Ctrl+Alt+F", "main window") in rows(dialog)


def test_keys_bound_to_one_part_say_where_they_work(qtbot, window) -> None:
    table = rows(ShortcutsDialog(window))
    delete = [row for row in table if row[0] == "Delete entries…"]
    assert delete and delete[0][2] == "Edit menu, in the entry list"
    # The edit view's tables each have Add, Insert, Remove, Up and Down: listed once.
    adds = [row for row in table if row[0] == "Add"]
    assert adds == [("Add", "Ctrl+Return", "in a table of the edit view")]


def test_qshortcuts_are_listed_too(qtbot, window) -> None:
    """The edit view's Save is a QShortcut, not an action: listed by its What's This text."""
    save = [row for row in rows(ShortcutsDialog(window)) if row[2] == "in the edit view"]
    assert save and save[0][0] == "Save the entry" and "Ctrl+S" in save[0][1]
    assert "Ctrl+S" in save[0][1].split(", ")


def test_searching_the_shortcuts(qtbot, window) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    everything = dialog.model.rowCount()
    qtbot.keyClicks(dialog.search_field, "ctrl+e")
    assert ("Edit entry", "Ctrl+E", "Edit menu") in rows(dialog)
    assert 0 < dialog.model.rowCount() < everything
    dialog.search_field.setText("STATUS approved")
    assert [row[0] for row in rows(dialog)] == ["Set status: approved"]
    dialog.search_field.setText("no such shortcut")
    assert dialog.model.rowCount() == 0
    dialog.search_field.clear()
    assert dialog.model.rowCount() == everything


def test_shortcut_model_is_a_valid_model(qtbot, qtmodeltester, window) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    dialog.search_field.setText("edit")
    qtmodeltester.check(dialog.model)


def test_help_dialogs_open_once_and_not_modal(qtbot, window) -> None:
    about = show_about(window)
    assert about.isVisible() and not about.isModal()
    assert show_about(window) is about
    shortcuts = show_shortcuts(window)
    assert shortcuts.isVisible() and show_shortcuts(window) is shortcuts
    about.close()
    shortcuts.close()


def test_undo_is_named_undo_whatever_the_last_step(qtbot, window) -> None:
    window.undo_stack.push(QUndoCommand("Set status"))
    assert window.user_actions.undo_action.text() == "&Undo Set status"  # the menu names the step
    names = [row[0] for row in rows(ShortcutsDialog(window))]
    assert "Undo" in names and "Undo Set status" not in names


def test_about_shows_a_library_in_the_home_folder_from_tilde(qtbot, window, monkeypatch) -> None:
    path = window.library.path
    monkeypatch.setenv("HOME", str(path.parent.parent))
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    shown = str(Path("~") / path.parent.name / path.name)
    assert dialog.value_labels["Library"].text() == shown
    assert dialog.value_labels["Library"].toolTip() == str(path)  # the whole path, on hover
    assert f"Library: {shown}" in dialog.details()
