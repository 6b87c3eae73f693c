"""Calibration's background job: groups similar items in its own thread and connection."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from ...core.calibration import Group, GroupingCancelled, Member, group_items
from ...core.errors import CuratorError
from ...core.store import Filter, ItemFilter, Library

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05
"""Progress is sent at most this often, so that the event queue does not flood."""


@dataclass
class CalibrationResult:
    groups: list[Group]
    titles: dict[str, str]
    """Entry id → title, for the entries of the grouped items."""
    items: int
    """How many items were looked at."""
    filter: Filter


class CalibrationWorker(QObject):
    """Groups the items of a filter, in its own thread with its own connection.

    Touches no widget; reports only through signals.
    """

    progress = Signal(int, int, str)
    """(done, total, stage): stage "reading" (total 0), "preparing" or "comparing"."""
    finished = Signal(object)
    """A CalibrationResult."""
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, db_path: str | Path, flt: Filter, threshold: float) -> None:
        super().__init__()
        self._db_path = Path(db_path)
        self._filter = flt
        self._threshold = threshold
        self._cancel = threading.Event()
        self._last_sent = 0.0
        self._read = 0

    def cancel(self) -> None:
        """Stop soon; safe from any thread (a plain method: `run()` keeps this thread busy)."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            with Library(self._db_path, read_only=True) as library, library.snapshot():
                groups = group_items(
                    self._counted(library.items.iter_labels(ItemFilter(entries=self._filter))),
                    threshold=self._threshold, progress=self._report,
                    cancelled=self._cancel.is_set,
                )
                ids = {key[0] for group in groups for key in group.keys}
                rows = library.entries.page(Filter(ids=frozenset(ids)), limit=max(len(ids), 1))
                titles = {row.id: row.title for row in rows}
        except GroupingCancelled:
            self.cancelled.emit()
        except CuratorError as error:
            self.failed.emit(str(error))
        except (sqlite3.Error, OSError) as error:
            self.failed.emit(f"The library {self._db_path} could not be read: {error}.")
        except Exception:  # noqa: BLE001 - a bug: report it rather than lose it in a thread
            log.exception("calibration failed")
            self.failed.emit("Grouping stopped on an unexpected error (a bug in Curator).\n\n"
                             + traceback.format_exc())
        else:
            self.finished.emit(CalibrationResult(groups, titles, self._read, self._filter))

    def _counted(self, items: Iterator[Member]) -> Iterator[Member]:
        for item in items:
            self._read += 1
            yield item

    def _report(self, done: int, total: int, stage: str) -> None:
        now = time.monotonic()
        if done == 0 or done == total or now - self._last_sent >= PROGRESS_INTERVAL_S:
            self._last_sent = now
            self.progress.emit(done, total, stage)
