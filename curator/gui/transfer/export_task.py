"""Exporting entries: the background task that writes, and the messages when it ends."""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ...core.errors import CuratorError
from ...core.exchange import Cancelled
from ...core.export_request import write_export, write_failure
from ...core.store import Filter, Library
from .export_dialog import (  # noqa: F401 - the dialog's names, for the window and tests
    FORMATS,
    ExportDialog,
    ExportRequest,
    entries_text,
)

_entries = entries_text


def run_export(library: Library, flt: Filter, request: ExportRequest, *,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> int:
    """Write one export of any format; return the entries written. The core writes every
    format but PDF, which Qt's printing lays out."""
    pdf = None
    if request.format == "pdf":
        from .report_print import export_pdf as pdf  # Qt's printing, loaded when used

    return write_export(library, flt, request, pdf=pdf, progress=progress, cancelled=cancelled)


class _ExportWorker(QObject):
    """Runs on the task's thread with its own library connection; never touches a widget."""

    progress = Signal(int, int)
    done = Signal(int, str)
    failed = Signal(str)
    cancelled = Signal(str)

    def __init__(self, db_path: Path, flt: Filter, request: ExportRequest,
                 stop: threading.Event) -> None:
        super().__init__()
        self._db_path = db_path
        self._filter = flt
        self._request = request
        self._stop = stop
        self._home = QThread.currentThread()

    @Slot()
    def run(self) -> None:
        try:
            with Library(self._db_path) as library:
                self.progress.emit(0, library.entries.count(self._filter))
                count = run_export(library, self._filter, self._request,
                                   progress=self.progress.emit, cancelled=self._stop.is_set)
        except Cancelled as error:
            self.cancelled.emit(str(error))
        except CuratorError as error:
            self.failed.emit(str(error))
        except OSError as error:
            message = write_failure(self._request, error)
            self.failed.emit(message[0].upper() + message[1:])
        except Exception:  # noqa: BLE001 - a bug: report it rather than lose it in the thread
            self.failed.emit("The export stopped on an unexpected error (a bug in Curator):\n\n"
                             + traceback.format_exc())
        else:
            self.done.emit(count, str(self._request.destination))
        finally:
            # Hand the worker back to the GUI thread so it is deleted there, like any object.
            self.moveToThread(self._home)


class ExportTask(QObject):
    """Writes an export on a worker thread, with a progress dialog that can cancel it."""

    finished = Signal(int, str)
    """(entries written, destination path)"""
    failed = Signal(str)
    cancelled = Signal(str)

    def __init__(self, parent: QWidget | None, db_path: str | os.PathLike[str], flt: Filter,
                 request: ExportRequest, *, total: int | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._stop = threading.Event()
        self._request = request
        self._closed = False
        self.worker_thread = QThread(self)
        self.worker_thread.setObjectName("export")
        self._worker = _ExportWorker(Path(db_path), flt, request, self._stop)
        self._worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)

        self.progress_dialog = QProgressDialog(parent)
        self.progress_dialog.setWindowTitle("Export")
        self.progress_dialog.setCancelButtonText("Cancel")
        self.progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress_dialog.setMinimumDuration(500)
        self.progress_dialog.setAutoClose(False)
        self.progress_dialog.setAutoReset(False)
        self.progress_dialog.canceled.connect(self.cancel)
        self._set_total(total)

    def start(self) -> None:
        self.worker_thread.start()

    @Slot()
    def cancel(self) -> None:
        self._stop.set()
        self.progress_dialog.setLabelText("Cancelling…")

    def shutdown(self) -> None:
        """Stop the work if it runs and wait for the thread (window close, tests)."""
        self._stop.set()
        self._close()

    # -- slots ---------------------------------------------------------------

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._closed or self._stop.is_set():
            return
        if self.progress_dialog.maximum() != total:
            self._set_total(total)
        self.progress_dialog.setValue(done)

    @Slot(int, str)
    def _on_done(self, count: int, path: str) -> None:
        if self._close():
            self.finished.emit(count, path)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if self._close():
            self.failed.emit(message)

    @Slot(str)
    def _on_cancelled(self, message: str) -> None:
        if self._close():
            self.cancelled.emit(message)

    # -- helpers -------------------------------------------------------------

    def _set_total(self, total: int | None) -> None:
        noun = "entries" if total is None else _entries(total)
        self.progress_dialog.setLabelText(
            f"Exporting {noun} to {self._request.destination.name or self._request.destination}…"
        )
        self.progress_dialog.setRange(0, max(total or 0, 1))

    def _close(self) -> bool:
        """Wait for the thread and close the progress dialog; False if already done."""
        if self._closed:
            return False
        self._closed = True
        # Closing a QProgressDialog emits canceled: it is not the user cancelling.
        self.progress_dialog.canceled.disconnect(self.cancel)
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.progress_dialog.reset()
        self.progress_dialog.close()
        self.progress_dialog.deleteLater()
        return True


def show_export_done(
    parent: QWidget | None,
    count: int,
    path: str | os.PathLike[str],
    open_folder: Callable[[QUrl], object] = QDesktopServices.openUrl,
) -> QMessageBox:
    """Say where the export went, offering to open its folder; returns the open (non-modal) box."""
    target = Path(path)
    folder = target if target.is_dir() else target.parent
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path is never markup
    box.setWindowTitle("Export finished")
    # The path on a line of its own: wrapped mid-sentence it breaks at its hyphens.
    box.setText(f"Exported {_entries(count)} to\n{target}")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open_button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    box.open_button.clicked.connect(lambda: open_folder(QUrl.fromLocalFile(str(folder))))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_export_failed(parent: QWidget | None, message: str) -> QMessageBox:
    """Say why an export failed (non-modal, like show_export_done)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle("Export failed")
    # In the plain-text main label: a traceback's "<module>" must not be read as markup.
    box.setText(f"The export did not finish.\n\n{message}")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
