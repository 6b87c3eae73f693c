"""Calls a function each time a widget is shown (a tab brought to the front, a pane placed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class ShowWatcher(QObject):
    """Watches `widget` (and lives as long as it) and calls `shown` after each show."""

    def __init__(self, widget: QWidget, shown: Callable[[], None]) -> None:
        super().__init__(widget)
        self._shown = shown
        widget.installEventFilter(self)

    # Qt interface

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show:
            self._shown()
        return False
