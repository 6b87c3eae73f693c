"""A wait cursor while the GUI thread does work that can take seconds (bulk changes)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication


@contextmanager
def busy() -> Iterator[None]:
    """Show the wait cursor until the block ends, however it ends."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
