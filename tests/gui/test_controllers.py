"""The window's controllers work from what they are given, without a window around them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QStatusBar,
    QTabWidget,
    QWidget,
)

from curator.core.operations import Change
from curator.core.store import Filter, ItemFilter, Library
from curator.gui.browse.entry_list import EntryListView
from curator.gui.browse.entry_model import EntryTableModel
from curator.gui.operations import Operations
from curator.gui.shell.actions import WindowActions
from curator.gui.shell.editing import EditingController
from curator.gui.shell.panes import EntryPane
from curator.gui.shell.reviewing import ReviewController
from curator.gui.shell.tabs import LazyTabs
from curator.gui.shell.transferring import TransferController
from curator.gui.widgets import ask
from tests.conftest import SEEDS


class Parts:
    """A parent widget, an undo stack and the runner a controller is given, and the changes
    the runner reported."""

    def __init__(self, qtbot, library: Library) -> None:
        self.library = library
        self.parent = QWidget()
        qtbot.addWidget(self.parent)
        self.stack = QUndoStack(self.parent)
        self.changes: list[Change] = []
        self.ops = Operations(self.parent, self.stack, lambda: library, self.changes.append)
        self.status_bar = QStatusBar()
        self.window = QMainWindow()
        qtbot.addWidget(self.window)

    def actions(self, list_view: EntryListView) -> WindowActions:
        return WindowActions(self.window, self.stack, list_view, ["Entries"])


@pytest.fixture
def parts(qtbot, seeded: Library, monkeypatch) -> Parts:
    monkeypatch.setattr(ask, "show_error", lambda *args: pytest.fail(f"error shown: {args}"))
    monkeypatch.setattr(ask, "confirm", lambda *args: True)
    return Parts(qtbot, seeded)


def _editing(qtbot, parts: Parts) -> tuple[EditingController, EntryTableModel, EntryListView,
                                          EntryPane]:
    """An editing controller over its own list and entry pane, as the window gives it."""
    model = EntryTableModel(parts.library)
    list_view = EntryListView(model)
    pane = EntryPane()
    qtbot.addWidget(list_view)
    qtbot.addWidget(pane)
    editing = EditingController(parts.parent, lambda: parts.library, parts.ops, pane=pane,
                                list_view=list_view, model=model, status_bar=parts.status_bar,
                                actions=parts.actions(list_view))
    return editing, model, list_view, pane


def test_editing_sets_the_status_of_the_selected_entries_as_one_undo_step(qtbot, parts) -> None:
    editing, model, list_view, pane = _editing(qtbot, parts)
    list_view.selectAll()
    ids = parts.library.entries.ids(Filter())
    before = parts.library.edits.statuses(ids)
    editing.set_status("rejected")
    assert set(parts.library.edits.statuses(ids).values()) == {"rejected"}
    assert [set(c.entry_ids) for c in parts.changes] == [set(ids)]
    parts.stack.undo()
    assert parts.library.edits.statuses(ids) == before


def test_editing_shows_the_current_entry_and_edits_it(qtbot, parts) -> None:
    editing, model, list_view, pane = _editing(qtbot, parts)
    list_view.selectionModel().currentRowChanged.connect(editing.current_changed)
    list_view.setCurrentIndex(model.index(0, 0))
    entry_id = list_view.current_entry_id()
    assert pane.detail.entry is not None and pane.detail.entry.id == entry_id
    editing.edit_current()
    assert editing.editing() and pane.editor.entry_id == entry_id
    assert editing.leave_edit() and not editing.editing()


def test_review_mode_takes_the_place_of_the_views_and_gives_it_back(qtbot, parts) -> None:
    views, center, entry_pane = QTabWidget(), QStackedWidget(), QWidget()
    center.addWidget(views)
    qtbot.addWidget(center)
    qtbot.addWidget(entry_pane)
    refreshed: list[bool] = []
    reviewing = ReviewController(
        parts.parent, lambda: parts.library, parts.ops,
        tabs=LazyTabs(lambda: parts.library, Filter), views=views, center=center,
        entry_pane=entry_pane, entry_filter=Filter, open_entry=lambda entry_id: None,
        leave_edit=lambda: True, target_ids=list, status_bar=parts.status_bar,
        refresh=lambda: refreshed.append(True))
    center.show()
    entry_pane.show()
    keys = parts.library.items.keys(ItemFilter())[:3]
    reviewing.start_review(keys)
    assert reviewing.in_review() and center.currentWidget() is reviewing.view
    assert entry_pane.isHidden()
    assert reviewing.set_item_relevancy(keys[0], 4)
    assert parts.library.items.get(keys[0]).relevancy == 4
    assert parts.changes == []  # the views are not read during review...
    reviewing.end_review()
    assert center.currentWidget() is views and not entry_pane.isHidden()
    assert refreshed == [True]  # ...but once, when it ends


def test_files_dropped_on_the_parent_are_imported(qtbot, parts, tmp_path: Path) -> None:
    library = parts.library
    seed = tmp_path / "new-one.txt"
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    seed.write_text(text.replace(",", " (a new copy),", 1), encoding="utf-8")
    total = library.entries.total()
    refreshed: list[bool] = []
    transfers = TransferController(
        parts.parent, lambda: library, parts.ops, leave_edit=lambda: True,
        entry_filter=Filter, selected_ids=list, refresh=lambda: refreshed.append(True),
        show_batch=lambda batch: None)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed))])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(parts.parent, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(parts.parent, drop)
    qtbot.waitUntil(lambda: transfers.report_dialog is not None, timeout=20000)
    transfers.report_dialog.reject()
    assert library.entries.total() == total + 1 and refreshed
    assert parts.stack.count() == 1  # the import is one undo step
    parts.stack.undo()
    assert library.entries.total() == total
