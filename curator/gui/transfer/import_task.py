"""Run an import off the GUI thread, with a progress dialog the analyst can cancel."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QProgressDialog, QWidget

from ...core.errors import CuratorError
from ...core.importer import ImportReport
from ...core.operations import import_files
from ...core.store import Library
from ..widgets.highlight import plain_label

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05
"""Progress is sent at most this often, so a fast import does not flood the event queue."""

PER_FILE_UP_TO = 50
"""Imports of at most this many files report every file: few signals, and each one counts."""

SHOW_AFTER_MS = 300
"""The progress dialog appears only for imports that take longer, so short ones don't flash."""

NAME_CHARS = 60


class ImportWorker(QObject):
    """Imports paths into the library at `db_path` when `run()` is called in its thread.

    It opens its own `Library` in `run()`, because an SQLite connection belongs to the
    thread that opened it, and touches no widget; it reports only through signals.
    """

    progress = Signal(int, int, str)
    """(files done, files in all, name of the file being read; "" once all are done)."""
    finished = Signal(object)
    """The ImportReport; sent also when cancelled (then `report.cancelled` is set)."""
    failed = Signal(str)
    """A message for the analyst: the library could not be opened or written, or a bug."""

    def __init__(
        self, db_path: str | Path, paths: list[str], overwrite: bool | frozenset[str] = False
    ) -> None:
        super().__init__()
        self._db_path = Path(db_path)
        self._paths = [str(p) for p in paths]
        self._overwrite = overwrite
        self._cancel = threading.Event()
        self._last_sent = 0.0

    def cancel(self) -> None:
        """Stop after the file being read; safe to call from any thread.

        A plain method, not a queued slot: the worker's thread is busy in `run()` and would
        only see a queued call after the import ended.
        """
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            with Library(self._db_path) as library:
                # The window makes the undo step from the report (`imported`), in its thread.
                report, _ = import_files(
                    library, self._paths, overwrite=self._overwrite,
                    progress=self._report_progress, cancelled=self._cancel.is_set,
                )
        except CuratorError as error:
            self.failed.emit(str(error))
        except (sqlite3.Error, OSError) as error:
            self.failed.emit(f"The library {self._db_path} could not be written: {error}.")
        except Exception:  # noqa: BLE001 - a bug: report it rather than lose it in a thread
            log.exception("import failed")
            self.failed.emit(
                "The import stopped on an unexpected error (a bug in Curator).\n\n"
                + traceback.format_exc()
            )
        else:
            self.finished.emit(report)

    def _report_progress(self, done: int, total: int, name: str) -> None:
        now = time.monotonic()
        first_or_last = done == 0 or not name
        if first_or_last or total <= PER_FILE_UP_TO or now - self._last_sent >= PROGRESS_INTERVAL_S:
            self._last_sent = now
            self.progress.emit(done, total, name)


class ImportTask(QObject):
    """One import run: a worker in its own thread, and a window-modal progress dialog.

    Call `start()` once. The owner must call `shutdown()` before `parent` is destroyed
    (from the window's close event): a QThread destroyed while running aborts the process.
    """

    progress = Signal(int, int, str)
    finished = Signal(object)
    """The ImportReport, once the thread has stopped."""
    failed = Signal(str)

    def __init__(
        self, parent: QWidget, db_path: str | Path, paths: list[str],
        overwrite: bool | frozenset[str] = False,
    ) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._db_path = Path(db_path)
        self._paths = [str(p) for p in paths]
        self._overwrite = overwrite
        self._thread: QThread | None = None
        self._worker: ImportWorker | None = None
        self._dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self._label: QLabel | None = None
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("an ImportTask runs once; make a new one")
        self._dialog = self._make_dialog()
        self._worker = ImportWorker(self._db_path, self._paths, self._overwrite)
        self._thread = QThread(self)
        self._thread.setObjectName("import")
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Slots of this object, which lives in the GUI thread: the calls are queued to it.
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._running = True
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        """Stop after the current file, as the dialog's Cancel button does."""
        if self._worker is not None:
            self._worker.cancel()
        if self._label is not None and self._running:
            self._label.setText("Cancelling after the current file…")

    def shutdown(self) -> None:
        """Cancel, and wait for the thread to stop; the report, if any, is not sent."""
        if self._worker is not None:
            self._worker.progress.disconnect(self._on_progress)
            self._worker.finished.disconnect(self._on_finished)
            self._worker.failed.disconnect(self._on_failed)
            self._worker.cancel()
        self._stop()

    def _make_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(self._parent_widget)
        dialog.setWindowTitle("Importing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setCancelButtonText("Cancel")
        # File names are shown as they are, never as rich text.
        self._label = plain_label("Finding files…", wrap=False, selectable=False)
        self._label.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * (NAME_CHARS + 16))
        dialog.setLabel(self._label)
        # The bar is updated directly: QProgressDialog.setValue() runs processEvents() when
        # the dialog is modal, which would re-enter this object's slots mid-update.
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)
        dialog.setBar(self._bar)
        dialog.canceled.connect(self.cancel)
        # Shown by our own timer: the dialog's built-in one only runs from setValue().
        dialog.setMinimumDuration(2**30)
        QTimer.singleShot(SHOW_AFTER_MS, self, self._show_dialog)
        return dialog

    @Slot()
    def _show_dialog(self) -> None:
        if self._running and self._dialog is not None and not (
                self._worker is not None and self._worker.is_cancelled()):
            self._dialog.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, name: str) -> None:
        if not self._running or self._bar is None or self._label is None:
            return
        if self._bar.maximum() != total:
            self._bar.setRange(0, max(total, 1))
        self._bar.setValue(done)
        cancelling = self._worker is not None and self._worker.is_cancelled()
        if name and not cancelling:
            self._label.setText(f"File {done + 1} of {total}: {_short(name)}")
        elif not name:
            self._label.setText("Finishing…")
        self.progress.emit(done, total, name)

    @Slot(object)
    def _on_finished(self, report: ImportReport) -> None:
        self._stop()
        self.finished.emit(report)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)

    def _stop(self) -> None:
        self._running = False
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        # The worker's thread has ended, so deleting it from here is safe.
        self._worker = None
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = self._bar = self._label = None


def _short(name: str) -> str:
    """A long file name shortened in the middle, so the dialog keeps its width."""
    if len(name) <= NAME_CHARS:
        return name
    half = (NAME_CHARS - 1) // 2
    return f"{name[:half]}…{name[-half:]}"
