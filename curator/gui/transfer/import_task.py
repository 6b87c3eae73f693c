"""Run an import off the GUI thread, with a progress dialog the analyst can cancel."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QProgressDialog, QWidget

from ...core.importer import ImportReport
from ...core.operations import import_files
from ...core.store import Library
from ..widgets.highlight import plain_label
from ..widgets.job_runner import JobRunner
from ..widgets.library_job import LibraryJob, Progress

PER_FILE_UP_TO = 50
"""Imports of at most this many files report every file: few signals, and each one counts."""

SHOW_AFTER_MS = 300
"""The progress dialog appears only for imports that take longer, so short ones don't flash."""

NAME_CHARS = 60


def import_job(db_path: str | Path, paths: list[str],
               overwrite: bool | frozenset[str] = False) -> LibraryJob:
    """The import as a job for a worker thread, over a connection of its own. Its progress
    is (files done, files in all, name of the file being read; "" once all are done); it
    finishes with the ImportReport, also when cancelled (then `report.cancelled` is set)."""
    work = partial(_import, paths=[str(p) for p in paths], overwrite=overwrite)
    return LibraryJob(db_path, work, "The import", writes=True, every_step_up_to=PER_FILE_UP_TO)


def _import(library: Library, progress: Progress, cancelled: Callable[[], bool], *,
            paths: list[str], overwrite: bool | frozenset[str]) -> ImportReport:
    # The window makes the undo step from the report (`imported`), in its thread.
    report, _ = import_files(library, paths, overwrite=overwrite, progress=progress,
                             cancelled=cancelled)
    return report


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
        self._runner = JobRunner("import", self)
        self._runner.progress.connect(self._on_progress)
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)
        self._started = False
        self._dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self._label: QLabel | None = None
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if self._started:
            raise RuntimeError("an ImportTask runs once; make a new one")
        self._started = True
        self._dialog = self._make_dialog()
        self._running = True
        self._runner.start(import_job(self._db_path, self._paths, self._overwrite))

    @Slot()
    def cancel(self) -> None:
        """Stop after the current file, as the dialog's Cancel button does."""
        self._runner.cancel()
        if self._label is not None and self._running:
            self._label.setText("Cancelling after the current file…")

    def shutdown(self) -> None:
        """Cancel, and wait for the thread to stop; the report, if any, is not sent."""
        self._runner.stop()
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
        if self._running and self._dialog is not None and not self._runner.cancelling:
            self._dialog.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, name: str) -> None:
        if not self._running or self._bar is None or self._label is None:
            return
        if self._bar.maximum() != total:
            self._bar.setRange(0, max(total, 1))
        self._bar.setValue(done)
        if name and not self._runner.cancelling:
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
