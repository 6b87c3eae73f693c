"""Finding duplicates in the background: its own thread and connection, no widget."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from ...core.calibration import GroupingCancelled
from ...core.duplicates import DuplicateGroup, find_in_library
from ...core.errors import CuratorError
from ...core.store import Filter, Library

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05
"""Progress is sent at most this often, so that the event queue does not flood."""


@dataclass
class DuplicatesResult:
    groups: list[DuplicateGroup]
    titles: dict[str, str]
    entries: int
    filter: Filter | None
    """None: the whole library."""


class DuplicatesWorker(QObject):
    """Finds the groups of a filter (or the whole library) in its own thread and connection;
    touches no widget."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, db_path: Path, flt: Filter | None, threshold: float) -> None:
        super().__init__()
        self._db_path = db_path
        self._filter = flt
        self._threshold = threshold
        self._cancel = threading.Event()
        self._last_sent = 0.0

    def cancel(self) -> None:
        """Stop soon; safe from any thread."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            with Library(self._db_path, read_only=True) as library:
                groups = find_in_library(library, self._filter, threshold=self._threshold,
                                         progress=self._report, cancelled=self._cancel.is_set)
                titles = library.duplicates.titles(i for group in groups for i in group.ids)
                entries = library.entries.count(self._filter or Filter())
        except GroupingCancelled:
            self.cancelled.emit()
        except CuratorError as error:
            self.failed.emit(str(error))
        except (sqlite3.Error, OSError) as error:
            self.failed.emit(f"The library {self._db_path} could not be read: {error}.")
        except Exception:  # noqa: BLE001 - a bug: report it rather than lose it in a thread
            log.exception("finding duplicates failed")
            self.failed.emit("Finding duplicates stopped on an unexpected error (a bug in "
                             "Curator).\n\n" + traceback.format_exc())
        else:
            self.finished.emit(DuplicatesResult(groups, titles, entries, self._filter))

    def _report(self, done: int, total: int, stage: str) -> None:
        now = time.monotonic()
        if done == 0 or done == total or now - self._last_sent >= PROGRESS_INTERVAL_S:
            self._last_sent = now
            self.progress.emit(done, total, stage)
