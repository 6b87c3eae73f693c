"""Facet counts of a large library, taken on a worker thread so the window never waits."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.errors import CuratorError
from ..core.store import FACETS, Filter, Library

BACKGROUND_FROM = 20_000
"""Libraries of this many entries or more are counted on the worker: there, five facet
counts over a broad search take most of a second, which would freeze every keystroke."""

TERM_FACETS = ("keyword", "theme")
ALL_TERMS = 2000
"""How many keyword or theme values "Show all" and the find field look through."""

Counts = dict[str, list[tuple[str, int]]]
Views = list[tuple[str, Filter]]

log = logging.getLogger(__name__)


def count_facets(library: Library, flt: Filter) -> tuple[Counts, Views]:
    """Every facet's values with their counts under a filter, and the saved views."""
    with library.snapshot():
        counts = {facet: library.facet_counts(
                      flt, facet, limit=ALL_TERMS if facet in TERM_FACETS else 200)
                  for facet in FACETS}
        return counts, library.views()


class _Worker(QObject):
    counted = Signal(int, object, object)
    failed = Signal(int, str)

    def __init__(self, path: Path, newest: Callable[[], int]) -> None:
        super().__init__()
        self._path = path
        self._newest = newest

    @Slot(int, object)
    def count(self, generation: int, flt: Filter) -> None:
        if generation != self._newest():
            return  # a newer filter is queued behind this one: count that instead
        try:
            # A connection of its own, opened here: sqlite3 connections stay in one thread.
            with Library(self._path, read_only=True) as library:
                counts, views = count_facets(library, flt)
        except (CuratorError, sqlite3.Error) as error:
            self.failed.emit(generation, str(error))
            return
        self.counted.emit(generation, counts, views)


class FacetCounter(QObject):
    """Counts for the newest filter asked for; requests overtaken meanwhile are dropped."""

    counted = Signal(object, object)
    """(counts, views) for the newest request."""
    failed = Signal(str)

    _requested = Signal(int, object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self.busy = False
        """A request is being counted, or waits to be."""
        self._thread = QThread(self)
        self._thread.setObjectName("facet counts")
        self._worker = _Worker(path, lambda: self._generation)
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.count)  # queued: it runs in the worker's thread
        self._worker.counted.connect(self._on_counted)
        self._worker.failed.connect(self._on_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def count(self, flt: Filter) -> None:
        self._generation += 1
        self.busy = True
        self._requested.emit(self._generation, flt)

    def shutdown(self) -> None:
        """Report nothing more, and wait for a count under way to end."""
        self._generation += 1
        self.busy = False
        self._thread.quit()
        self._thread.wait()

    def _on_counted(self, generation: int, counts: Any, views: Any) -> None:
        if generation == self._generation:
            self.busy = False
            self.counted.emit(counts, views)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.busy = False
            log.warning("facet counts failed: %s", message)
            self.failed.emit(message)
