"""What the window remembers between sessions: its geometry, pane sizes and columns, the library
used last and the recent libraries with their menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter

from ..browse.entry_list import EntryListView
from .layout import fit_to_screen

MAX_RECENT = 8


def restore_window(window: QMainWindow, splitter: QSplitter, list_view: EntryListView,
                   column: QSplitter | None = None) -> None:
    """The window's geometry (fitted to the screen it opens on), its panes and columns."""
    settings = QSettings()
    fit_to_screen(window, settings.value("window/geometry"))
    for name, pane in (("window/splitter", splitter), ("window/column", column)):
        state = settings.value(name)
        if state and pane is not None:
            pane.restoreState(state)
    list_view.restore_state(settings.value("window/columns"))


def save_window(window: QMainWindow, splitter: QSplitter, list_view: EntryListView,
                column: QSplitter | None = None) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", splitter.saveState())
    if column is not None:
        settings.setValue("window/column", column.saveState())
    settings.setValue("window/columns", list_view.save_state())
    settings.sync()


def last_library() -> str | None:
    return QSettings().value("library/last") or None


class RecentLibraries:
    """The libraries opened last, newest first, listed in `menu`; choosing one opens it."""

    def __init__(self, menu: QMenu, open_library: Callable[[Path], object]) -> None:
        self._menu = menu
        self._open_library = open_library
        self.rebuild_menu()

    def remember(self, path: Path) -> None:
        settings = QSettings()
        recent = [p for p in (settings.value("library/recent") or []) if p != str(path)]
        settings.setValue("library/recent", [str(path), *recent][:MAX_RECENT])
        settings.setValue("library/last", str(path))
        self.rebuild_menu()

    def rebuild_menu(self) -> None:
        self._menu.clear()
        recent = QSettings().value("library/recent") or []
        for path in recent:
            action = self._menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self._open_library(Path(p)))
        self._menu.setEnabled(bool(recent))
