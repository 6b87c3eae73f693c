"""The search box over the entry list: it asks for a search when typing pauses or at Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

SEARCH_DELAY_MS = 250
"""Typing waits this long for the next key before searching: one search per pause, not key."""


class SearchField(QLineEdit):
    """Emits `search_requested(text)` a moment after typing stops, or at once on Enter."""

    search_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setAccessibleName("Search")
        self.setPlaceholderText("Search titles, summaries, keywords and items (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._request)
        self.textChanged.connect(self._timer.start)
        self.returnPressed.connect(self._request)
        # Esc in the search field clears it, as in most programs' search fields.
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.clear,
                          context=Qt.ShortcutContext.WidgetShortcut)
        clear.setWhatsThis("Clear the search")

    def _request(self) -> None:
        self._timer.stop()
        self.search_requested.emit(self.text())

    def show_search(self, text: str) -> None:
        """Show a search set elsewhere (a filter, another library) without searching again."""
        if text != self.text():
            self.blockSignals(True)
            self.setText(text)
            self.blockSignals(False)
