"""Reads of a large library taken on a worker thread, so that the window never waits."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...core.errors import CuratorError
from ...core.store import Filter, Library

BACKGROUND_FROM = 20_000
"""Libraries of this many entries or more are read on the worker: there, facet counts or
statistics over a broad filter take most of a second, which would freeze every click."""

Read = Callable[[Library, Filter], Any]
"""What to read for a filter; runs on the worker, over a connection of its own."""

log = logging.getLogger(__name__)


def in_background(library: Library | None) -> bool:
    """Whether this library is large enough to be read on a worker thread."""
    return library is not None and library.entries.total() >= BACKGROUND_FROM


def reader_for(library: Library | None, read: Read, done: Callable[[Any], None],
               parent: QObject, old: NewestRead | None) -> NewestRead | None:
    """Stop the reader of the library before, and start one for this library if it is
    large enough (None: read it on the GUI thread)."""
    if old is not None:
        old.shutdown()
        old.deleteLater()
    if library is None or not in_background(library):
        return None
    reader = NewestRead(library.path, read, parent)
    reader.done.connect(done)
    return reader


class _Worker(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, path: Path, read: Read, newest: Callable[[], int]) -> None:
        super().__init__()
        self._path = path
        self._read = read
        self._newest = newest

    @Slot(int, object)
    def run(self, generation: int, flt: Filter) -> None:
        if generation != self._newest():
            return  # a newer filter is queued behind this one: read that instead
        try:
            # Opened here: an sqlite3 connection stays in the thread that made it.
            with Library(self._path, read_only=True) as library:
                result = self._read(library, flt)
        except (CuratorError, sqlite3.Error) as error:
            self.failed.emit(generation, str(error))
            return
        self.done.emit(generation, result)


class NewestRead(QObject):
    """Reads for the newest filter asked for; requests overtaken meanwhile are dropped."""

    done = Signal(object)
    """The result for the newest request."""
    failed = Signal(str)

    _requested = Signal(int, object)

    def __init__(self, path: Path, read: Read, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self.busy = False
        """A request is being read, or waits to be."""
        self._thread = QThread(self)
        self._thread.setObjectName("background read")
        self._worker = _Worker(path, read, lambda: self._generation)
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.run)  # queued: it runs in the worker's thread
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def read(self, flt: Filter) -> None:
        self._generation += 1
        self.busy = True
        self._requested.emit(self._generation, flt)

    def shutdown(self) -> None:
        """Report nothing more, and wait for a read under way to end."""
        self._generation += 1
        self.busy = False
        self._thread.quit()
        self._thread.wait()

    def _on_done(self, generation: int, result: Any) -> None:
        if generation == self._generation:
            self.busy = False
            self.done.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.busy = False
            log.warning("reading in the background failed: %s", message)
            self.failed.emit(message)
