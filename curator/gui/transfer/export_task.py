"""Exporting entries: the dialog that asks what and where, and the background task that writes."""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import CuratorError
from ...core.exchange import Cancelled, export_json, export_seed_folder
from ...core.export_request import STATUSES, ExportRequest, Scope
from ...core.store import Filter, Library
from ..widgets.highlight import tooltip_html

DEFAULT_JSON_NAME = "curator-export.json"
_DESCRIBE_MAX = 60


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


# Module-level so tests can patch them: the file dialogs are modal.
def choose_json_file(parent: QWidget | None, start: Path) -> str:
    """Ask for the JSON file to write; "" when the user cancels."""
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export to JSON file", str(start), "Curator JSON export (*.json);;All files (*)"
    )
    return path


def choose_seed_folder(parent: QWidget | None, start: Path) -> str:
    """Ask for the folder to write seed text files into; "" when the user cancels."""
    return QFileDialog.getExistingDirectory(parent, "Export seed files to folder", str(start))


class ExportDialog(QDialog):
    """Asks which entries to export, in which format, and where; shows how many match."""

    def __init__(
        self,
        parent: QWidget | None,
        current_filter: Filter,
        selected_ids: frozenset[str],
        count_for: Callable[[Filter], int],
        default_folder: Path,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Entries")
        self._current = current_filter
        self._selected = frozenset(selected_ids)
        self._count_for = count_for
        self._default_folder = Path(default_folder)
        # Each format keeps its own destination: a file name is no folder and vice versa.
        self._destinations: dict[str, str] = {"json": "", "seed": ""}
        self._count = 0

        layout = QVBoxLayout(self)

        scope_box = QGroupBox("Entries")
        scope_layout = QVBoxLayout(scope_box)
        self.scope_all = QRadioButton("All entries")
        description = current_filter.describe()
        short = description if len(description) <= _DESCRIBE_MAX else \
            description[:_DESCRIBE_MAX - 1].rstrip() + "…"
        # "&" in a button text marks a shortcut key; the user's search text must show as typed.
        self.scope_filter = QRadioButton(
            f"Current filter and search ({short.replace('&', '&&')})"
        )
        self.scope_filter.setToolTip(tooltip_html(description))
        self.scope_selected = QRadioButton(f"Selected entries ({len(self._selected)})")
        self.scope_selected.setEnabled(bool(self._selected))
        self._scopes = QButtonGroup(self)
        for button in (self.scope_all, self.scope_filter, self.scope_selected):
            self._scopes.addButton(button)
            scope_layout.addWidget(button)
        layout.addWidget(scope_box)

        status_box = QGroupBox("Only entries with status")
        status_layout = QVBoxLayout(status_box)
        row = QHBoxLayout()
        self.status_boxes: dict[str, QCheckBox] = {}
        for status in STATUSES:
            box = QCheckBox(status.capitalize())
            self.status_boxes[status] = box
            row.addWidget(box)
        row.addStretch(1)
        status_layout.addLayout(row)
        self.status_hint = QLabel("None ticked: any status.")
        self.status_hint.setEnabled(False)
        status_layout.addWidget(self.status_hint)
        layout.addWidget(status_box)

        format_box = QGroupBox("Format")
        format_layout = QVBoxLayout(format_box)
        self.format_json = QRadioButton("JSON exchange file")
        self.format_seed = QRadioButton("Folder of seed text files")
        self._formats = QButtonGroup(self)
        for button in (self.format_json, self.format_seed):
            self._formats.addButton(button)
            format_layout.addWidget(button)
        layout.addWidget(format_box)

        destination_box = QGroupBox("Save to")
        destination_layout = QVBoxLayout(destination_box)
        row = QHBoxLayout()
        self.destination_edit = QLineEdit()
        self.destination_edit.setMinimumWidth(320)
        self.browse_button = QPushButton("Browse…")
        row.addWidget(self.destination_edit, 1)
        row.addWidget(self.browse_button)
        destination_layout.addLayout(row)
        self.destination_hint = QLabel()
        self.destination_hint.setWordWrap(True)
        # Keep a line for the hint, so the dialog does not jump when one appears.
        self.destination_hint.setMinimumHeight(self.destination_hint.fontMetrics().height())
        destination_layout.addWidget(self.destination_hint)
        layout.addWidget(destination_box)

        self.count_label = QLabel()
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        layout.addWidget(self.count_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        (self.scope_all if current_filter.is_empty else self.scope_filter).setChecked(True)
        self.format_json.setChecked(True)
        self._show_destination()

        self._scopes.buttonToggled.connect(self._on_scope_toggled)
        for box in self.status_boxes.values():
            box.toggled.connect(self._on_status_toggled)
        self._formats.buttonToggled.connect(self._on_format_toggled)
        self.destination_edit.textChanged.connect(self._on_destination_edited)
        self.browse_button.clicked.connect(self._on_browse)
        self._refresh()

    def request(self) -> ExportRequest:
        scope: Scope = "all"
        if self.scope_filter.isChecked():
            scope = "filter"
        elif self.scope_selected.isChecked():
            scope = "selected"
        text = self.destination_edit.text().strip()
        destination = Path(text).expanduser() if text else Path()
        if text and not destination.is_absolute():
            destination = self._default_folder / destination
        return ExportRequest(
            scope=scope,
            statuses=frozenset(s for s, box in self.status_boxes.items() if box.isChecked()),
            format="seed" if self.format_seed.isChecked() else "json",
            destination=destination,
        )

    def export_filter(self) -> Filter:
        """The filter of the current choices (what the caller hands to ExportTask)."""
        return self.request().to_filter(self._current, self._selected)

    @property
    def count(self) -> int:
        return self._count

    # -- slots ---------------------------------------------------------------

    @Slot(QAbstractButton, bool)
    def _on_scope_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:  # a radio switch toggles two buttons: count once
            self._refresh()

    @Slot(bool)
    def _on_status_toggled(self, _checked: bool) -> None:
        self.status_hint.setVisible(not any(b.isChecked() for b in self.status_boxes.values()))
        self._refresh()

    @Slot(QAbstractButton, bool)
    def _on_format_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._show_destination()
            self._refresh()

    @Slot(str)
    def _on_destination_edited(self, text: str) -> None:
        self._destinations[self._format()] = text
        self._refresh()

    @Slot()
    def _on_browse(self) -> None:
        current = self.request().destination if self.destination_edit.text().strip() else None
        if self._format() == "json":
            start = current or self._default_folder / DEFAULT_JSON_NAME
            chosen = choose_json_file(self, start)
            if chosen and not Path(chosen).suffix:
                chosen += ".json"
        else:
            chosen = choose_seed_folder(self, current or self._default_folder)
        if chosen:
            self.destination_edit.setText(chosen)

    # -- helpers -------------------------------------------------------------

    def _format(self) -> str:
        return "seed" if self.format_seed.isChecked() else "json"

    def _show_destination(self) -> None:
        fmt = self._format()
        self.destination_edit.blockSignals(True)
        self.destination_edit.setText(self._destinations[fmt])
        self.destination_edit.blockSignals(False)
        self.destination_edit.setPlaceholderText(
            "Choose a file name with Browse…" if fmt == "json"
            else "Choose a folder with Browse…"
        )

    def _destination_problem(self, request: ExportRequest) -> tuple[str, bool]:
        """A hint about the destination, and whether it stops the export."""
        if not self.destination_edit.text().strip():
            return "", True
        target = request.destination
        if request.format == "json":
            if target.is_dir():
                return f"{target} is a folder: add a file name.", True
            if not target.parent.is_dir():
                return f"The folder {target.parent} does not exist.", True
            if target.exists():
                return "The file exists and will be replaced.", False
            return "", False
        if target.exists() and not target.is_dir():
            return f"{target} is a file, not a folder.", True
        if target.is_dir() and any(target.iterdir()):
            return "The folder is not empty: files with the same names will be replaced.", False
        return "", False

    def _refresh(self) -> None:
        request = self.request()
        self._count = self._count_for(request.to_filter(self._current, self._selected))
        if self._count:
            self.count_label.setText(f"{_entries(self._count)} will be exported")
        else:
            self.count_label.setText("No entries match these choices: nothing to export")
        hint, blocking = self._destination_problem(request)
        self.destination_hint.setText(hint)
        self.export_button.setEnabled(self._count > 0 and not blocking)


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
        destination = self._request.destination
        try:
            with Library(self._db_path) as library:
                self.progress.emit(0, library.count(self._filter))
                export = export_json if self._request.format == "json" else export_seed_folder
                count = export(library, self._filter, destination,
                               progress=self.progress.emit, cancelled=self._stop.is_set)
        except Cancelled as error:
            self.cancelled.emit(str(error))
        except CuratorError as error:
            self.failed.emit(str(error))
        except OSError as error:
            # error.filename may name the hidden file written aside: name the user's choice.
            reason = error.strerror or str(error)
            kept = ("No file was written." if self._request.format == "json"
                    else "Files written before the error are kept.")
            self.failed.emit(f"Could not write to {destination}: {reason}. {kept}")
        except Exception:  # noqa: BLE001 - a bug: report it rather than lose it in the thread
            self.failed.emit("The export stopped on an unexpected error (a bug in Curator):\n\n"
                             + traceback.format_exc())
        else:
            self.done.emit(count, str(destination))
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
