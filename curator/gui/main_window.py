"""The main window: facets, the entry list and the detail view over one open library."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import CuratorError
from ..core.paths import default_library_path, resources_folder
from ..core.samples import ensure_sample_library
from ..core.store import Filter, Library
from . import ask
from .detail_view import DetailView
from .empty_state import EmptyState
from .entry_list import EntryListView
from .entry_model import EntryTableModel
from .export_task import ExportDialog, ExportTask, show_export_done, show_export_failed
from .facet_sidebar import FacetSidebar
from .import_report import ImportReportDialog, apply_report_choices
from .import_task import ImportTask

SEARCH_DELAY_MS = 250
POLL_MS = 2000
MAX_RECENT = 8


class MainWindow(QMainWindow):
    """One window over one library; every view reads it through the core."""

    def __init__(self, db_path: Path | None = None) -> None:
        super().__init__()
        self.library: Library | None = None
        self._data_version = 0
        self._import_task: ImportTask | None = None
        self._export_task: ExportTask | None = None
        self._report_dialog: ImportReportDialog | None = None
        self._export_dialog: ExportDialog | None = None
        self.setAcceptDrops(True)
        self.setWindowIcon(QIcon(str(resources_folder() / "curator.svg")))
        self._build_views()
        self._build_actions()
        self._build_menus()
        self._restore_settings()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_for_outside_changes)
        self._poll.start()
        settings = QSettings()
        path = db_path or settings.value("library/last") or default_library_path()
        if not self.open_library(Path(path)) and db_path is None:
            self._update_title()

    # -- building --------------------------------------------------------------

    def _build_views(self) -> None:
        self.model = EntryTableModel(None, self)
        self.list_view = EntryListView(self.model)
        self.list_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._model_reset)

        self.empty_state = EmptyState()
        self.empty_state.import_requested.connect(self.import_files)
        self.empty_state.samples_requested.connect(self.open_sample_library)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.empty_state)

        self.read_only_banner = QLabel(
            "This library is read-only: you can browse, search and export, but not change it."
        )
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            "QLabel#readOnlyBanner { background: #fff3cd; color: #5c4400; padding: 6px; }"
        )
        self.read_only_banner.hide()

        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setAccessibleName("Search")
        self.search_field.setPlaceholderText("Search titles, summaries, keywords and items (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_field.textChanged.connect(self._search_timer.start)
        self.search_field.returnPressed.connect(self._apply_search)

        center = QWidget()
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.search_field)
        column.addWidget(self.stack)

        self.sidebar = FacetSidebar(self)
        self.sidebar.filter_changed.connect(self.set_filter)
        self.detail = DetailView(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([240, 760, 520])
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel()
        self.filter_label = QLabel()
        self.filter_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addWidget(self.filter_label, 1)

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action("&New library…", self.new_library, keys.New)
        self.open_action = self._action("&Open library…", self.choose_library, keys.Open)
        self.samples_action = self._action("Open the &sample library", self.open_sample_library)
        self.import_action = self._action("&Import files…", self.import_files, "Ctrl+I",
                                          "Import seed files and JSON exports")
        self.import_folder_action = self._action("Import &folder…", self.import_folder,
                                                 "Ctrl+Shift+I")
        self.export_action = self._action("&Export…", self.export, "Ctrl+Shift+E",
                                          "Export entries to JSON or seed text")
        self.quit_action = self._action("&Quit", self.close, keys.Quit)
        self.find_action = self._action("&Find", self.focus_search, keys.Find)
        self.clear_action = self._action("&Clear search and filters", self.clear_filter,
                                         "Ctrl+Shift+L")
        self.last_import_action = self._action("Show &last import", self.show_last_import)
        self.refresh_action = self._action("&Refresh", self.refresh, keys.Refresh)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = QMenu("Recent libraries", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.samples_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_folder_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions([self.find_action, self.clear_action, self.last_import_action,
                              self.refresh_action])
        columns = view_menu.addMenu("Columns")
        columns.aboutToShow.connect(
            lambda: (columns.clear(), columns.addActions(self.list_view.column_menu().actions()))
        )
        self._rebuild_recent_menu()

    # -- the library -----------------------------------------------------------

    def open_library(self, path: Path) -> bool:
        """Open a library file; on failure say why and keep the current one."""
        try:
            library = Library(path)
        except CuratorError as error:
            ask.show_error(self, "Cannot open library", str(error))
            return False
        old = self.library
        self.library = library
        self._data_version = library.data_version()
        self.model.set_library(library)
        self.sidebar.set_library(library)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.set_filter(Filter())
        if old is not None:
            old.close()
        read_only = library.read_only
        self.read_only_banner.setVisible(read_only)
        for action in (self.import_action, self.import_folder_action):
            action.setEnabled(not read_only)
        self._remember(library.path)
        self._update_title()
        return True

    def choose_library(self) -> None:
        path = ask.open_library_path(self, self._folder())
        if path:
            self.open_library(path)

    def new_library(self) -> None:
        path = ask.new_library_path(self, self._folder())
        if path is None:
            return
        if path.exists():
            ask.show_error(self, "Cannot create library",
                           f"{path} already exists. Choose a new name, or open it instead.")
            return
        self.open_library(path)

    def open_sample_library(self) -> None:
        try:
            path = ensure_sample_library()
        except CuratorError as error:
            ask.show_error(self, "Cannot open the sample library", str(error))
            return
        self.open_library(path)

    def _folder(self) -> str:
        return str(self.library.path.parent) if self.library else str(Path.home())

    def _remember(self, path: Path) -> None:
        settings = QSettings()
        recent = [p for p in (settings.value("library/recent") or []) if p != str(path)]
        settings.setValue("library/recent", [str(path), *recent][:MAX_RECENT])
        settings.setValue("library/last", str(path))
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = QSettings().value("library/recent") or []
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_library(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _update_title(self) -> None:
        if self.library is None:
            self.setWindowTitle("Curator")
            return
        suffix = " (read-only)" if self.library.read_only else ""
        self.setWindowTitle(f"{self.library.path.name}{suffix} — Curator")

    # -- filtering and the list --------------------------------------------------

    def set_filter(self, flt: Filter) -> None:
        if flt.search != self.search_field.text():
            self.search_field.blockSignals(True)
            self.search_field.setText(flt.search)
            self.search_field.blockSignals(False)
        current = self.current_entry_id()
        self.model.set_filter(flt)
        self.sidebar.set_filter(flt)
        self._reselect(current)

    def _apply_search(self) -> None:
        self._search_timer.stop()
        if self.search_field.text() != self.model.filter.search:
            self.set_filter(_with_search(self.model.filter, self.search_field.text()))

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def clear_filter(self) -> None:
        self.set_filter(Filter())

    def show_last_import(self, batch: int | None = None) -> None:
        if batch is None and self.library is not None:
            batch = self.library.last_import()
        if batch is not None:
            self.set_filter(Filter(import_batch=batch))

    def refresh(self) -> None:
        """Read everything again (after an import, or another program's change)."""
        if self.library is None:
            return
        self._data_version = self.library.data_version()
        current = self.current_entry_id()
        self.model.refresh()
        self.sidebar.refresh()
        self._reselect(current)

    def check_for_outside_changes(self) -> None:
        if self.library is not None and self.library.data_version() != self._data_version:
            self.refresh()

    def current_entry_id(self) -> str | None:
        index = self.list_view.currentIndex()
        return self.model.entry_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        rows = self.list_view.selectionModel().selectedRows()
        return [i for i in (self.model.entry_id(r.row()) for r in rows) if i]

    def _reselect(self, entry_id: str | None) -> None:
        row = self.model.row_of(entry_id) if entry_id else None
        if row is None and self.model.rowCount() and entry_id is None:
            row = 0
        if row is not None:
            self.list_view.setCurrentIndex(self.model.index(row, 0))
        else:
            self._show_entry(None)

    def _model_reset(self) -> None:
        empty = self.library is not None and self.library.total() == 0
        self.stack.setCurrentWidget(self.empty_state if empty else self.list_view)
        self._update_status()

    def _update_status(self) -> None:
        total = self.library.total() if self.library else 0
        shown = self.model.rowCount()
        self.count_label.setText(f"{shown:,} of {total:,} entries")
        self.filter_label.setText(f"Showing {self.model.filter.describe()}")

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_entry(self.model.entry_id(current.row()) if current.isValid() else None)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        count = len(self.list_view.selectionModel().selectedRows())
        self.statusBar().showMessage(f"{count} selected" if count > 1 else "", 0)

    def _show_entry(self, entry_id: str | None) -> None:
        entry = None
        if entry_id and self.library is not None:
            try:
                entry = self.library.get_entry(entry_id)
            except CuratorError:
                entry = None  # deleted meanwhile by another program: show nothing
        self.detail.show_entry(entry, self.model.filter.search)

    # -- import ------------------------------------------------------------------

    def import_files(self) -> None:
        self.import_paths(ask.import_files(self, str(Path.home())))

    def import_folder(self) -> None:
        self.import_paths(ask.import_folder(self, str(Path.home())))

    def import_paths(self, paths: list[str], overwrite: bool | frozenset[str] = False) -> None:
        if not paths or self.library is None:
            return
        if self.library.read_only:
            ask.show_error(self, "Read-only library", "This library is read-only; nothing was imported.")
            return
        if self._import_task is not None and self._import_task.running:
            ask.show_error(self, "Import running", "Wait for the current import to finish.")
            return
        self._import_task = ImportTask(self, self.library.path, paths, overwrite)
        self._import_task.finished.connect(self._import_finished)
        self._import_task.failed.connect(self._import_failed)
        self._import_task.start()

    def _import_finished(self, report) -> None:
        self.refresh()
        dialog = ImportReportDialog(report, self)
        dialog.show_batch.connect(self.show_last_import)
        dialog.accepted.connect(lambda: self._apply_report(dialog))
        self._report_dialog = dialog
        dialog.open()

    def _apply_report(self, dialog: ImportReportDialog) -> None:
        if self.library is None:
            return
        try:
            apply_report_choices(self.library, dialog)
        except CuratorError as error:
            ask.show_error(self, "Import", str(error))
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
        dialog = ExportDialog(
            self, self.model.filter, frozenset(self.selected_ids()), self.library.count,
            self.library.path.parent,
        )
        dialog.accepted.connect(lambda: self._start_export(dialog))
        self._export_dialog = dialog
        dialog.open()

    def _start_export(self, dialog: ExportDialog) -> None:
        if self.library is None:
            return
        self._export_task = ExportTask(self, self.library.path, dialog.export_filter(),
                                       dialog.request(), total=dialog.count)
        self._export_task.finished.connect(self._export_finished)
        self._export_task.failed.connect(self._export_failed)
        self._export_task.start()

    def _export_finished(self, count: int, path: str) -> None:
        self._export_message = show_export_done(self, count, path)

    def _export_failed(self, message: str) -> None:
        self._export_message = show_export_failed(self, message)

    # -- settings and closing --------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        splitter = settings.value("window/splitter")
        if splitter:
            self.splitter.restoreState(splitter)
        self.list_view.restore_state(settings.value("window/columns"))

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/columns", self.list_view.save_state())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_settings()
        self._poll.stop()
        for task in (self._import_task, self._export_task):
            if task is not None:
                task.shutdown()
        if self.library is not None:
            self.model.set_library(None)
            self.sidebar.set_library(None)
            self.library.close()
            self.library = None
        super().closeEvent(event)


def _with_search(flt: Filter, text: str) -> Filter:
    return replace(flt, search=text)
