"""The main window's import and export: file dialogs, drops, background tasks and reports.

A mixin of MainWindow: it uses the window's library, views and undo stack.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from ...core import operations as ops
from ..transfer.export_task import ExportDialog, ExportTask, show_export_done, show_export_failed
from ..transfer.import_report import ImportReportDialog
from ..transfer.import_task import ImportTask
from ..transfer.report_print import ask_and_print
from ..widgets import ask

EXPORT_FOLDER_KEY = "export/folder"
"""Where the export dialog starts: the folder exported to last."""


class TransferActions:
    def import_files(self) -> None:
        self.import_paths(ask.import_files(self, str(Path.home())))

    def import_folder(self) -> None:
        self.import_paths(ask.import_folder(self, str(Path.home())))

    def import_paths(self, paths: list[str], overwrite: bool | frozenset[str] = False) -> None:
        if not paths or self.library is None or not self.leave_edit():
            return
        if self.library.read_only:
            ask.show_error(self, "Read-only library",
                           "This library is read-only; nothing was imported.")
            return
        if self._import_task is not None and self._import_task.running:
            ask.show_error(self, "Import running", "Wait for the current import to finish.")
            return
        self._import_paths = list(paths)
        self._import_task = ImportTask(self, self.library.path, paths, overwrite)
        self._import_task.finished.connect(self._import_finished)
        self._import_task.failed.connect(self._import_failed)
        self._import_task.start()

    def _import_finished(self, report) -> None:
        # An import can touch anything: every view is read again.
        self.ops.done(ops.imported(report, self._import_paths), refresh=False)
        self.refresh()
        dialog = ImportReportDialog(report, self)
        dialog.show_batch.connect(self.show_last_import)
        dialog.accepted.connect(lambda: self._apply_report(dialog))
        self._report_dialog = dialog
        dialog.open()

    def _apply_report(self, dialog: ImportReportDialog) -> None:
        if self.library is None:
            return
        choices = dialog.choices()
        if choices:
            self.ops.run("Import", lambda library: ops.apply_report_choices(library, choices)[1],
                         refresh=False)
        self.refresh()

    def _import_failed(self, message: str) -> None:
        self.refresh()
        ask.show_error(self, "Import failed", message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- export ------------------------------------------------------------------

    def export(self) -> None:
        if self.library is None:
            return
        # The folder exported to last, else the library's own.
        folder = QSettings().value(EXPORT_FOLDER_KEY) or self.library.path.parent
        if not Path(folder).is_dir():
            folder = self.library.path.parent
        dialog = ExportDialog(
            self, self.model.filter, frozenset(self.selected_ids()), self.library.entries.count,
            Path(folder),
        )
        dialog.accepted.connect(lambda: self._start_export(dialog))
        self._export_dialog = dialog
        dialog.open()

    def _start_export(self, dialog: ExportDialog) -> None:
        if self.library is None:
            return
        request = dialog.request()
        QSettings().setValue(EXPORT_FOLDER_KEY, str(
            request.destination if request.format == "seed" else request.destination.parent))
        self._export_task = ExportTask(self, self.library.path, dialog.export_filter(),
                                       dialog.request(), total=dialog.count)
        self._export_task.finished.connect(self._export_finished)
        self._export_task.failed.connect(self._export_failed)
        self._export_task.start()

    def _export_finished(self, count: int, path: str) -> None:
        self._export_message = show_export_done(self, count, path)

    def _export_failed(self, message: str) -> None:
        self._export_message = show_export_failed(self, message)

    # -- printing ------------------------------------------------------------------

    def print_report(self, preview: bool = False) -> None:
        if self.library is None:
            return
        ask_and_print(self, self.library, self.model.filter, frozenset(self.selected_ids()),
                      preview=preview)
