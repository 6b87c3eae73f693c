"""Work put off until the main window's first paint: the error log, and the line a timing
harness waits for (CURATOR_REPORT_SHOWN)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def after_first_paint(window: QWidget, call: Callable[[], object]) -> None:
    """Call `call` once, as soon as the window and its children have first been painted.

    A zero-delay timer set when the window is shown fires before the paint, not after it."""
    window.installEventFilter(_FirstPaint(window, call))


def print_shown() -> None:
    """What the benchmark times the packaged app by (it runs no script of its own)."""
    print("SHOWN", time.monotonic(), flush=True)


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, call: Callable[[], object]) -> None:
        super().__init__(window)
        self._call = call

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The window paints before its children: the call waits for the rest of the paint.
            QTimer.singleShot(0, self._call)
        return False
