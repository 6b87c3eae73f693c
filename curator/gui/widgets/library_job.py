"""A cancellable job over a library on a worker thread: its own connection, progress sent
at a bounded rate, every failure turned into a message for the view."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ...core.calibration import GroupingCancelled
from ...core.errors import CuratorError
from ...core.store import Library

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05
"""Progress is sent at most this often, so that the event queue does not flood."""

Progress = Callable[[int, int, str], None]
Work = Callable[[Library, Progress, Callable[[], bool]], Any]
"""The job: (library, progress, cancelled) -> its result; raises GroupingCancelled to stop.
Progress is (done, total, stage); an empty stage says the work is over (sent at once)."""


class LibraryJob(QObject):
    """Runs `work` over the library at `db_path` when `run` is called in its thread; touches
    no widget and reports only through signals. `JobRunner` gives it its thread.

    The library is opened read-only unless `writes`; a job of at most `every_step_up_to`
    steps reports each of them (few signals, and each one counts)."""

    progress = Signal(int, int, str)
    """(done, total, stage), as the work reports it."""
    finished = Signal(object)
    """What the work returned."""
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, db_path: str | Path, work: Work, what: str, *, writes: bool = False,
                 every_step_up_to: int = 0) -> None:
        super().__init__()
        self._db_path = Path(db_path)
        self._work = work
        self._what = what
        self._writes = writes
        self._every_step_up_to = every_step_up_to
        self._cancel = threading.Event()
        self._last_sent = 0.0

    def cancel(self) -> None:
        """Stop soon; safe from any thread (a plain method: `run()` keeps its thread busy)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            with Library(self._db_path, read_only=not self._writes) as library:
                result = self._work(library, self._report, self._cancel.is_set)
        except GroupingCancelled:
            self.cancelled.emit()
        except CuratorError as error:
            self.failed.emit(str(error))
        except (sqlite3.Error, OSError) as error:
            done_to = "written" if self._writes else "read"
            self.failed.emit(f"The library {self._db_path} could not be {done_to}: {error}.")
        except Exception:  # noqa: BLE001 - a bug: report it rather than lose it in a thread
            log.exception("%s failed", self._what)
            self.failed.emit(f"{self._what} stopped on an unexpected error (a bug in "
                             "Curator).\n\n" + traceback.format_exc())
        else:
            self.finished.emit(result)

    def _report(self, done: int, total: int, stage: str) -> None:
        now = time.monotonic()
        if (done == 0 or done == total or not stage or total <= self._every_step_up_to
                or now - self._last_sent >= PROGRESS_INTERVAL_S):
            self._last_sent = now
            self.progress.emit(done, total, stage)
