"""Habits of a desktop program: Ctrl+C copies rows in two forms, right-click menus hold the menu
bar's own actions, focus starts in the list, a hidden sort column lets go of the sort, and a small
undoable change runs without a question."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

from curator.core import copying
from curator.core.importer import import_paths
from curator.core.store import Filter, Library
from curator.gui.browse.entry_model import COLUMNS
from curator.gui.shell import selecting
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask
from curator.gui.widgets.clipboard import JSON_MIME
from tests.conftest import SEEDS


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The questions asked (each answered yes)."""
    questions: list[str] = []

    def confirm(parent, title, text, action="OK") -> bool:
        questions.append(text)
        return True

    monkeypatch.setattr(ask, "confirm", confirm)
    monkeypatch.setattr(ask, "show_error", lambda parent, title, text: questions.append(text))
    return questions


@pytest.fixture
def window(qtbot, tmp_path: Path, asked):
    path = tmp_path / "lib.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def _select_rows(view, rows: list[int]) -> None:
    model = view.model()
    view.setCurrentIndex(model.index(rows[0], 0))
    view.clearSelection()  # exactly these rows (a focused table shows its current one)
    for row in rows:
        view.selectionModel().select(
            model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
            | QItemSelectionModel.SelectionFlag.Rows)


def _clipboard() -> tuple[list[list[str]], list[dict]]:
    data = QGuiApplication.clipboard().mimeData()
    table = list(csv.reader(io.StringIO(data.text()), delimiter="\t"))
    return table, json.loads(bytes(data.data(JSON_MIME)).decode("utf-8"))


def _menu_bar_actions(window) -> set[QAction]:
    found: set[QAction] = set()
    menus = [a.menu() for a in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            elif not action.isSeparator():
                found.add(action)
    return found


def _leaf_actions(menu: QMenu) -> list[QAction]:
    leaves: list[QAction] = []
    for action in menu.actions():
        if action.menu() is not None:
            leaves += _leaf_actions(action.menu())
        elif not action.isSeparator():
            leaves.append(action)
    return leaves


# -- copy ---------------------------------------------------------------------------------


def test_ctrl_c_in_the_list_copies_the_selected_entries_as_text_and_json(qtbot, window):
    _select_rows(window.list_view, [0, 2])
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    table, data = _clipboard()
    ids = [window.model.entry_id(0), window.model.entry_id(2)]
    assert table[0][:2] == ["ID", "Title"]
    assert [row[0] for row in table[1:]] == ids
    assert [row[1] for row in table[1:]] == [window.library.entries.get(i).title for i in ids]
    assert [d["id"] for d in data] == ids
    assert "Copied 2 entries" in window.statusBar().currentMessage()


def test_ctrl_c_in_the_search_field_still_copies_its_text(qtbot, window):
    field = window.search_field
    field.setText("status:new")
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "status:new"


def test_ctrl_c_in_the_items_tab_copies_the_selected_items(qtbot, window):
    window.show_view(1)
    view = window.reviewing.items_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 3)
    _select_rows(view.table, [1, 3])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    table, data = _clipboard()
    expected = [view.model.item_at(1), view.model.item_at(3)]
    assert table[0][:3] == ["Entry ID", "Entry", "Section"]
    assert [(r[0], int(r[3]), int(r[6])) for r in table[1:]] == [
        (i.entry_id, i.position, i.relevancy) for i in expected]
    assert [(d["entry_id"], d["label"]) for d in data] == [
        (i.entry_id, i.label) for i in expected]
    assert "Copied 2 items" in window.statusBar().currentMessage()


def test_a_program_that_copied_exits_cleanly(tmp_path: Path):
    """The clipboard owns the copied data until the application is gone: no crash on exit."""
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "from curator.core.copying import CopiedRows\n"
        "from curator.gui.widgets.clipboard import put_on_clipboard\n"
        "app = QApplication([])\n"
        "put_on_clipboard(CopiedRows((('a', 'A'),), [('x',)]))\n"
        "print(QApplication.clipboard().text().splitlines())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "['A', 'x']" in done.stdout


# -- right-click menus --------------------------------------------------------------------


def test_the_entry_menu_holds_the_menu_bars_own_actions(qtbot, window, monkeypatch):
    shown: list[QMenu] = []
    monkeypatch.setattr(selecting, "show_menu", lambda menu, position: shown.append(menu))
    view = window.list_view
    view.customContextMenuRequested.emit(view.visualRect(window.model.index(1, 0)).center())
    assert len(shown) == 1
    acts = window.user_actions
    leaves = _leaf_actions(shown[0])
    for action in (acts.edit_action, acts.copy_action, *acts.status_actions,
                   acts.add_keyword_action, acts.add_theme_action, acts.export_selected_action,
                   acts.review_selected_action, acts.delete_action):
        assert action in leaves
    assert set(leaves) <= _menu_bar_actions(window)  # the same objects, not look-alikes


def test_the_item_menu_offers_open_copy_score_and_review(qtbot, window, monkeypatch):
    window.show_view(1)
    view = window.reviewing.items_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    shown: list[QMenu] = []
    monkeypatch.setattr(selecting, "show_menu", lambda menu, position: shown.append(menu))
    view.table.customContextMenuRequested.emit(
        view.table.visualRect(view.model.index(0, 0)).center())
    acts = window.user_actions
    leaves = _leaf_actions(shown[0])
    assert leaves == [acts.open_item_action, acts.copy_action, *acts.item_score_actions,
                      acts.review_items_action, acts.review_filter_action]
    assert {acts.copy_action, acts.review_filter_action} <= _menu_bar_actions(window)


def test_an_items_menu_score_sets_the_current_items_relevancy(qtbot, window):
    window.show_view(1)
    view = window.reviewing.items_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    view.table.setCurrentIndex(view.model.index(0, 0))
    key = view.model.row_key(0)
    new = 1 if window.library.items.get(key).relevancy != 1 else 2
    window.user_actions.item_score_actions[new - 1].trigger()
    assert window.library.items.get(key).relevancy == new


def test_export_selected_opens_the_dialog_on_the_selection(qtbot, window):
    _select_rows(window.list_view, [0, 1])
    window.user_actions.export_selected_action.trigger()
    dialog = window.transfers.export_dialog
    assert dialog is not None and dialog.scope_selected.isChecked()
    dialog.reject()


# -- focus and the sort -------------------------------------------------------------------


def test_focus_starts_in_the_entry_list(qtbot, window):
    assert window.focusWidget() is window.list_view


def test_hiding_the_sorted_column_sorts_by_title(qtbot, window):
    status = [key for key, _ in COLUMNS].index("status")
    window.list_view.sortByColumn(status, Qt.SortOrder.DescendingOrder)
    assert window.model.sort_key == ("status", True)
    menu = window.list_view.column_menu()
    menu.actions()[status].setChecked(False)
    header = window.list_view.horizontalHeader()
    assert header.isSectionHidden(status)
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert window.model.sort_key == ("title", False)


# -- questions ------------------------------------------------------------------------------


def test_a_small_undoable_delete_asks_nothing_and_undo_brings_it_back(qtbot, window, asked):
    total = window.library.entries.total()
    ids = [window.model.entry_id(0), window.model.entry_id(1)]
    _select_rows(window.list_view, [0, 1])
    window.user_actions.delete_action.trigger()
    assert asked == []
    assert window.library.entries.total() == total - 2
    assert "Undo" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert window.library.entries.total() == total
    assert all(window.library.entries.has(i) for i in ids)


def test_a_small_status_change_asks_nothing(qtbot, window, asked):
    _select_rows(window.list_view, [0, 1, 2])
    ids = window.list_view.selected_ids()
    window.user_actions.status_actions[-1].trigger()
    assert asked == []
    last = list(window.library.edits.statuses(ids).values())
    assert len(set(last)) == 1 and "Set the status of" in window.statusBar().currentMessage()


def test_a_large_delete_is_confirmed_first(qtbot, window, asked, monkeypatch):
    monkeypatch.setattr(ask, "CONFIRM_ABOVE", 2)
    total = window.library.entries.total()
    _select_rows(window.list_view, [0, 1, 2])
    window.user_actions.delete_action.trigger()
    assert len(asked) == 1 and "Delete 3 entries?" in asked[0]
    assert window.library.entries.total() == total - 3
    assert window.library.entries.count(Filter()) == total - 3


def test_a_remembered_sort_on_a_hidden_column_falls_back_to_title(qtbot, window):
    status = [key for key, _ in COLUMNS].index("status")
    header = window.list_view.horizontalHeader()
    header.setSectionHidden(status, True)  # as an older version could leave it
    header.setSortIndicator(status, Qt.SortOrder.DescendingOrder)
    assert window.model.sort_key == ("status", True)
    window.list_view.restore_state(window.list_view.save_state())
    assert header.isSectionHidden(status)
    assert header.sortIndicatorSection() == 0
    assert window.model.sort_key == ("title", False)


def test_too_many_items_are_refused_before_they_are_read(qtbot, window, asked, monkeypatch):
    monkeypatch.setattr(copying, "COPY_LIMIT", 3)
    window.show_view(1)
    view = window.reviewing.items_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 3)
    monkeypatch.setattr(view.model, "keys", lambda: pytest.fail("all keys read"))
    QGuiApplication.clipboard().setText("before")
    view.table.selectAll()
    window.user_actions.copy_action.trigger()
    assert len(asked) == 1 and "too many to copy" in asked[0]
    assert QGuiApplication.clipboard().text() == "before"


# -- the detail view's tables ---------------------------------------------------------------


def _detail_signals(window, qtbot):
    """The detail view's Signals table, of a current entry with at least two signals."""
    for row in range(window.model.rowCount()):
        window.list_view.setCurrentIndex(window.model.index(row, 0))
        table = window.detail.tables.get("signals")
        if table is not None and table.model().rowCount() >= 2:
            qtbot.waitUntil(lambda t=table: t.isVisible() and t.columnWidth(0) > 0)
            return table
    raise AssertionError("no sample entry has two signals")


def test_a_detail_table_menu_offers_copy_edit_section_and_the_entry_actions(
        qtbot, window, monkeypatch):
    shown: list[QMenu] = []
    monkeypatch.setattr(selecting, "show_menu", lambda menu, position: shown.append(menu))
    table = _detail_signals(window, qtbot)
    table.customContextMenuRequested.emit(table.visualRect(table.model().index(1, 0)).center())
    leaves = _leaf_actions(shown[0])
    assert leaves[:2] == [table.copy_action, leaves[1]]
    assert leaves[1].text() == "Edit th&is section" and leaves[1].isEnabled()
    acts = window.user_actions
    for action in (acts.edit_action, *acts.status_actions, acts.add_keyword_action,
                   acts.remove_theme_action, acts.delete_action):
        assert action in leaves
    assert set(leaves[2:]) <= _menu_bar_actions(window)  # the same objects, not look-alikes
    leaves[1].trigger()
    assert window.editing.editing()
    assert window.editor.tabs.currentWidget() is window.editor.items["signals"]
    assert window.editor.entry_id == window.list_view.current_entry_id()


def test_a_detail_table_copies_its_selected_rows_as_text_and_json(qtbot, window):
    table = _detail_signals(window, qtbot)
    entry = window.library.entries.get(window.list_view.current_entry_id())
    _select_rows(table, [0, 1])
    table.copy_action.trigger()  # the menu's Copy
    rows, data = _clipboard()
    assert rows[0] == ["Name", "Description", "Change", "In 10 years", "Driving force",
                       "Relevancy"]
    assert rows[1:] == [[s.name, s.description, s.change, s.ten_year, s.driving_force,
                         str(s.relevancy)] for s in entry.signals[:2]]
    assert [d["name"] for d in data] == [s.name for s in entry.signals[:2]]
    assert window.statusBar().currentMessage().startswith("Copied 2 rows")


def test_ctrl_c_in_the_detail_view_copies_rows_in_a_table_and_text_in_a_label(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    table = _detail_signals(window, qtbot)
    _select_rows(table, [1])
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    rows, _ = _clipboard()
    assert rows[0][0] == "Name" and len(rows) == 2
    assert rows[1][0] == table.model().index(1, 0).data()
    label = window.detail.title_label
    label.setFocus()
    label.setSelection(0, 6)
    qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == label.text()[:6]
