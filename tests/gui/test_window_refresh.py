"""After a change, the window reads again only the views that show what it touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from curator.core.importer import import_paths
from curator.core.operations import ItemKey
from curator.core.store import Filter, Library
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask
from tests.conftest import SEEDS

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(ask, "show_error", lambda *args: pytest.fail(f"error shown: {args}"))
    monkeypatch.setattr(ask, "confirm", lambda *args: True)
    path = tmp_path / "samples.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.show()
    window.items_tab.view()  # built, as when the tab was once shown
    yield window
    window.close()


class Count:
    def __init__(self, monkeypatch, target: object, name: str) -> None:
        self.calls = 0
        real = getattr(target, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(target, name, counted)


def test_a_status_change_reads_the_list_not_the_items(window, monkeypatch) -> None:
    entries = Count(monkeypatch, window.model, "refresh")
    items = Count(monkeypatch, window.reviewing.items_view, "refresh")
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.editing.set_status("approved")
    assert entries.calls == 1 and items.calls == 0
    window.undo_stack.undo()  # the undo touches the same: the same views
    assert entries.calls == 2 and items.calls == 0


def test_a_status_change_reads_the_items_when_the_filter_may_move_them(window,
                                                                        monkeypatch) -> None:
    window.set_filter(Filter(include=frozenset({("status", "new")})))
    items = Count(monkeypatch, window.reviewing.items_view, "refresh")
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.editing.set_status("approved")
    assert items.calls == 1


def test_a_score_change_reads_the_items_and_the_list(window, monkeypatch) -> None:
    entries = Count(monkeypatch, window.model, "refresh")
    items = Count(monkeypatch, window.reviewing.items_view, "refresh")
    entry_id = window.library.entries.ids(Filter())[0]
    old = window.library.entries.get(entry_id).signals[0].relevancy
    key = ItemKey(entry_id, "signals", 0)
    assert window.reviewing.set_item_relevancy(key, 1 if old != 1 else 2)
    assert items.calls == 1 and entries.calls == 1  # the list shows each entry's top score



def test_saving_a_view_reads_the_sidebar_only_and_is_one_undo_step(window, monkeypatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("Approved", True))
    entries = Count(monkeypatch, window.model, "refresh")
    sidebar = Count(monkeypatch, window.sidebar, "refresh")
    window.sidebar.save_button.click()
    assert [name for name, _ in window.library.saved_views.all()] == ["Approved"]
    assert sidebar.calls == 1 and entries.calls == 0
    assert window.user_actions.undo_action.text() == "&Undo save view “Approved”"
    window.user_actions.undo_action.trigger()
    assert window.library.saved_views.all() == []
    assert sidebar.calls == 2 and entries.calls == 0
