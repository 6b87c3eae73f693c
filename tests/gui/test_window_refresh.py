"""After a change, the window reads again only the views that show what it touched."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    items = Count(monkeypatch, window.items_view, "refresh")
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.set_status("approved")
    assert entries.calls == 1 and items.calls == 0
    window.undo_stack.undo()  # the undo touches the same: the same views
    assert entries.calls == 2 and items.calls == 0


def test_a_status_change_reads_the_items_when_the_filter_may_move_them(window,
                                                                        monkeypatch) -> None:
    window.set_filter(Filter(include=frozenset({("status", "new")})))
    items = Count(monkeypatch, window.items_view, "refresh")
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.set_status("approved")
    assert items.calls == 1


def test_a_score_change_reads_the_items_and_the_list(window, monkeypatch) -> None:
    entries = Count(monkeypatch, window.model, "refresh")
    items = Count(monkeypatch, window.items_view, "refresh")
    entry_id = window.library.entries.ids(Filter())[0]
    old = window.library.entries.get(entry_id).signals[0].relevancy
    assert window.set_item_relevancy(ItemKey(entry_id, "signals", 0), 1 if old != 1 else 2)
    assert items.calls == 1 and entries.calls == 1  # the list shows each entry's top score

