"""Tell a timing harness when the main window was first painted (CURATOR_REPORT_SHOWN)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def report_first_paint(window: QWidget) -> None:
    """Print "SHOWN <time.monotonic()>" to stdout once, after the window's first paint.

    The benchmark times the packaged app, which runs no script of its own, from its spawn to
    this line; a zero-delay timer set at start would fire before the paint, not after it."""
    window.installEventFilter(_FirstPaint(window))


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The window paints before its children: the line waits for the rest of the paint.
            QTimer.singleShot(0, _print_shown)
        return False


def _print_shown() -> None:
    print("SHOWN", time.monotonic(), flush=True)
