"""The import and export controller: file dialogs, dropped files, the background tasks, the
import report's choices, and printing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from ...core import operations as ops
from ...core.importer import ImportReport
from ...core.store import Filter, Library
from ..operations import Operations
from ..transfer.export_task import ExportDialog, ExportTask, show_export_done, show_export_failed
from ..transfer.import_report import ImportReportDialog
from ..transfer.import_task import ImportTask
from ..transfer.report_print import ask_and_print
from ..widgets import ask

EXPORT_FOLDER_KEY = "export/folder"
"""Where the export dialog starts: the folder exported to last."""


class TransferController(QObject):
    """Imports into and exports from the open library, off the GUI thread; files dropped on
    `parent` are imported (it filters the parent's drag and drop events)."""

    def __init__(self, parent: QWidget, library: Callable[[], Library | None], ops: Operations,
                 *, leave_edit: Callable[[], bool], entry_filter: Callable[[], Filter],
                 selected_ids: Callable[[], list[str]], refresh: Callable[[], None],
                 show_batch: Callable[[int], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._library = library
        self._ops = ops
        self._leave_edit = leave_edit
        self._entry_filter = entry_filter
        self._selected_ids = selected_ids
        self._refresh = refresh
        self._show_batch = show_batch
        self._import_paths: list[str] = []
        # The running tasks and the open dialogs (kept so they live, and for shutdown).
        self.import_task: ImportTask | None = None
        self.export_task: ExportTask | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self._export_message: QMessageBox | None = None
        parent.setAcceptDrops(True)
        parent.installEventFilter(self)

    def shutdown(self) -> None:
        """Stop the tasks (the window closes)."""
        for task in (self.import_task, self.export_task):
            if task is not None:
                task.shutdown()

    # -- import ------------------------------------------------------------------

    def import_files(self) -> None:
        self.import_paths(ask.import_files(self._parent, str(Path.home())))

    def import_folder(self) -> None:
        self.import_paths(ask.import_folder(self._parent, str(Path.home())))

    def import_paths(self, paths: list[str], overwrite: bool | frozenset[str] = False) -> None:
        library = self._library()
        if not paths or library is None or not self._leave_edit():
            return
        if library.read_only:
            ask.show_error(self._parent, "Read-only library",
                           "This library is read-only; nothing was imported.")
            return
        if self.import_task is not None and self.import_task.running:
            ask.show_error(self._parent, "Import running",
                           "Wait for the current import to finish.")
            return
        self._import_paths = list(paths)
        self.import_task = ImportTask(self._parent, library.path, paths, overwrite)
        self.import_task.finished.connect(self._import_finished)
        self.import_task.failed.connect(self._import_failed)
        self.import_task.start()

    def _import_finished(self, report: ImportReport) -> None:
        # An import can touch anything: every view is read again.
        self._ops.done(ops.imported(report, self._import_paths), refresh=False)
        self._refresh()
        dialog = ImportReportDialog(report, self._parent)
        dialog.show_batch.connect(self._show_batch)
        dialog.accepted.connect(lambda: self._apply_report(dialog))
        self.report_dialog = dialog
        dialog.open()

    def _apply_report(self, dialog: ImportReportDialog) -> None:
        if self._library() is None:
            return
        choices = dialog.choices()
        if choices:
            self._ops.run("Import",
                          lambda library: ops.apply_report_choices(library, choices)[1],
                          refresh=False)
        self._refresh()

    def _import_failed(self, message: str) -> None:
        self._refresh()
        ask.show_error(self._parent, "Import failed", message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Files dragged onto the window are imported when dropped."""
        if isinstance(event, QDragEnterEvent):
            mime = event.mimeData()
            if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.import_paths(paths)
            return True
        return False

    # -- export ------------------------------------------------------------------

    def export(self, selected: bool = False) -> None:
        """The export dialog; `selected`: with the selected entries chosen (when there are)."""
        library = self._library()
        if library is None:
            return
        # The folder exported to last, else the library's own.
        folder = QSettings().value(EXPORT_FOLDER_KEY) or library.path.parent
        if not Path(folder).is_dir():
            folder = library.path.parent
        dialog = ExportDialog(self._parent, self._entry_filter(),
                              frozenset(self._selected_ids()), library.entries.count, Path(folder))
        if selected and dialog.scope_selected.isEnabled():
            dialog.scope_selected.setChecked(True)
        dialog.accepted.connect(lambda: self._start_export(dialog))
        self.export_dialog = dialog
        dialog.open()

    def _start_export(self, dialog: ExportDialog) -> None:
        library = self._library()
        if library is None:
            return
        request = dialog.request()
        QSettings().setValue(EXPORT_FOLDER_KEY, str(
            request.destination if request.format == "seed" else request.destination.parent))
        self.export_task = ExportTask(self._parent, library.path, dialog.export_filter(),
                                      dialog.request(), total=dialog.count)
        self.export_task.finished.connect(self._export_finished)
        self.export_task.failed.connect(self._export_failed)
        self.export_task.start()

    def _export_finished(self, count: int, path: str) -> None:
        self._export_message = show_export_done(self._parent, count, path)

    def _export_failed(self, message: str) -> None:
        self._export_message = show_export_failed(self._parent, message)

    # -- printing ------------------------------------------------------------------

    def print_report(self, preview: bool = False) -> None:
        library = self._library()
        if library is None:
            return
        ask_and_print(self._parent, library, self._entry_filter(),
                      frozenset(self._selected_ids()), preview=preview)
