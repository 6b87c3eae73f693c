"""The edit view by keyboard: section tabs switch from anywhere in it, focus follows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from curator.gui.edit import EditView
from tests.gui.test_edit_view import seed_entry

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def view(qtbot) -> EditView:
    widget = EditView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.load(seed_entry(), 3)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()  # shortcuts answer only in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def focus_grid(qtbot, view: EditView, section: str):  # noqa: ANN201
    tab = view.items[section]
    view.tabs.setCurrentWidget(tab)
    grid = tab.editor.grid
    grid.setFocus()
    grid.setCurrentIndex(tab.model.index(1, 1))
    qtbot.waitUntil(grid.hasFocus)
    return grid


@pytest.mark.parametrize("key, modifiers, step", [
    (Qt.Key.Key_PageDown, CTRL, 1), (Qt.Key.Key_Tab, CTRL, 1),
    (Qt.Key.Key_PageUp, CTRL, -1), (Qt.Key.Key_Backtab, CTRL | SHIFT, -1),
])
def test_section_keys_switch_tabs_from_inside_a_grid(qtbot, view, key, modifiers, step) -> None:
    grid = focus_grid(qtbot, view, "concerns")
    at = view.tabs.currentIndex()
    qtbot.keyClick(grid, key, modifiers)
    assert view.tabs.currentIndex() == at + step
    assert grid.currentIndex().row() == 1  # the grid did not take the key as a move


def test_a_section_chosen_by_keyboard_focuses_its_grid_at_the_first_cell(qtbot, view) -> None:
    view.tabs.setCurrentWidget(view.summary)
    view.summary.editor.setFocus()
    qtbot.waitUntil(view.summary.editor.hasFocus)
    qtbot.keyClick(view.summary.editor, Qt.Key.Key_PageDown, CTRL)
    signals = view.items["signals"]
    assert view.tabs.currentWidget() is signals
    grid = signals.editor.grid
    qtbot.waitUntil(grid.hasFocus)  # not the Add button
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (0, 0)
    qtbot.keyClick(grid, Qt.Key.Key_PageUp, CTRL)  # back: the summary editor to type in
    qtbot.waitUntil(view.summary.editor.hasFocus)


def test_the_general_tab_chosen_by_keyboard_focuses_its_first_field(qtbot, view) -> None:
    focus_grid(qtbot, view, "signals")
    for _ in range(3):  # through Summary and Keywords & Themes
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CTRL)
    assert view.tabs.currentWidget() is view.general
    qtbot.waitUntil(view.general.title_edit.hasFocus)
    qtbot.keyClick(view.general.title_edit, Qt.Key.Key_PageUp, CTRL)  # wraps to the last
    assert view.tabs.currentIndex() == view.tabs.count() - 1
