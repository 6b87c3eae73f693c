"""The main window: facets, the entry list and the detail view over one open library."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QIcon,
    QKeySequence,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import CuratorError
from ...core.model import Status
from ...core.paths import default_library_path, resources_folder
from ...core.samples import ensure_sample_library
from ...core.store import Filter, Library
from ..browse.detail_view import DetailView
from ..browse.entry_list import EntryListView
from ..browse.entry_model import EntryTableModel
from ..browse.facet_sidebar import FacetSidebar
from ..browse.history_view import HistoryView
from ..edit import EditView
from ..review.review_view import ReviewView
from ..transfer.export_task import ExportDialog, ExportTask
from ..transfer.import_report import ImportReportDialog
from ..transfer.import_task import ImportTask
from ..widgets import ask
from ..widgets.lazy_view import LazyView
from .about import SHORTCUT_NAME, show_about, show_shortcuts
from .empty_state import EmptyState
from .window_editing import EditingActions
from .window_review import ReviewActions
from .window_transfer import TransferActions

if TYPE_CHECKING:
    from ..review.calibration_view import CalibrationView
    from ..review.items_view import ItemsView
    from ..review.stats_view import StatsView

TABS = ("Entries", "Items", "Statistics", "Calibration")
"""The main views, in tab order (Alt+1 to Alt+4)."""
SEARCH_DELAY_MS = 250
POLL_MS = 2000
MAX_RECENT = 8
MAX_KEPT_SELECTION = 5_000


class MainWindow(EditingActions, TransferActions, ReviewActions, QMainWindow):
    """One window over one library; every view reads it through the core."""

    def __init__(self, db_path: Path | None = None) -> None:
        super().__init__()
        self.library: Library | None = None
        self._data_version = 0
        self._import_task: ImportTask | None = None
        self._export_task: ExportTask | None = None
        self._report_dialog: ImportReportDialog | None = None
        self._export_dialog: ExportDialog | None = None
        self.undo_stack = QUndoStack(self)
        self._reselecting = False
        self._current_before_reset: str | None = None
        self._current_row_before_reset = -1
        self._list_before_reset: tuple[Filter, tuple[str, bool]] | None = None
        self._selected_before_reset: list[str] = []
        self._all_selected_before_reset: Filter | None = None
        self._selection_let_go = 0
        self._views_stale = False
        self._import_paths: list[str] = []
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
        # --db, then $CURATOR_DB, then the library used last, then the default one.
        path = (db_path or os.environ.get("CURATOR_DB") or settings.value("library/last")
                or default_library_path())
        if not self.open_library(Path(path)) and db_path is None:
            self._update_title()

    # -- building --------------------------------------------------------------

    def _build_views(self) -> None:
        self.model = EntryTableModel(None, self)
        self.list_view = EntryListView(self.model)
        self.list_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelAboutToBeReset.connect(self._remember_current)
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
        # Esc in the search field clears it, as in most programs' search fields.
        clear_search = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_field,
                                 self.search_field.clear,
                                 context=Qt.ShortcutContext.WidgetShortcut)
        clear_search.setWhatsThis("Clear the search")

        self.entries_page = center = QWidget()
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.search_field)
        column.addWidget(self.stack)

        self.sidebar = FacetSidebar(self)
        self.sidebar.filter_changed.connect(self.set_filter)
        self.detail = DetailView(self)
        self.detail.edit_requested.connect(self.edit_current)
        self.editor = EditView(self)
        self.editor.save_requested.connect(self.save_edit)
        self.editor.close_requested.connect(self.close_edit)
        self.entry_stack = QStackedWidget()
        self.entry_stack.addWidget(self.detail)
        self.entry_stack.addWidget(self.editor)
        self.history = HistoryView(self)
        self.history.revert_requested.connect(self.revert_history)
        self.right_tabs = QTabWidget()
        self.right_tabs.setObjectName("entryTabs")
        self.right_tabs.addTab(self.entry_stack, "Entry")
        self.right_tabs.addTab(self.history, "History")
        self.right_tabs.currentChanged.connect(lambda _: self._show_history())
        self.list_view.activated.connect(lambda _: self.edit_current())

        # Built when first shown (or asked for), each caught up with the library and filter.
        self.items_tab = LazyView(self._make_items_view)
        self.stats_tab = LazyView(self._make_stats_view)
        self.calibration_tab = LazyView(self._make_calibration_view)
        self.views = QTabWidget()
        self.views.setObjectName("mainViews")
        self.views.setDocumentMode(True)
        for page, name in zip((self.entries_page, self.items_tab, self.stats_tab,
                               self.calibration_tab), TABS):
            self.views.addTab(page, name)
        self.review = ReviewView(self.set_item_relevancy, self.mark_reviewed)
        self.review.finished.connect(self.end_review)
        self.review.show_items.connect(self.show_review_changes)
        self.center = QStackedWidget()
        # The charts and tables below would otherwise claim their full width as a minimum,
        # and the splitter could not give the entry pane more room.
        self.center.setMinimumWidth(320)
        self.center.addWidget(self.views)
        self.center.addWidget(self.review)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.right_tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([220, 760, 480])
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
                                          "Export to JSON, seed text, spreadsheets or a report")
        self.print_action = self._action("&Print report…", lambda: self.print_report(False),
                                         QKeySequence.StandardKey.Print)
        self.preview_action = self._action("Print pre&view…", lambda: self.print_report(True))
        self.quit_action = self._action("&Quit", self.close, keys.Quit)
        self.find_action = self._action("&Find", self.focus_search, keys.Find)
        self.clear_action = self._action("&Clear search and filters", self.clear_filter,
                                         "Ctrl+Shift+L")
        self.last_import_action = self._action("Show &last import", self.show_last_import)
        self.refresh_action = self._action("&Refresh", self.refresh, keys.Refresh)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(keys.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        # Their menu text names the step ("Undo Set status"); the shortcut list names the key.
        self.undo_action.setProperty(SHORTCUT_NAME, "Undo")
        self.redo_action.setProperty(SHORTCUT_NAME, "Redo")
        # The platform's Redo keys may include Ctrl+Shift+Z already: each key once, or Qt
        # finds the shortcut ambiguous and ignores it.
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(keys.Redo)]
        self.redo_action.setShortcuts(list({k.toString(): k for k in redo_keys}.values()))
        self.addActions([self.undo_action, self.redo_action])
        self.edit_action = self._action("&Edit entry", self.edit_current, "Ctrl+E",
                                        "Edit the current entry")
        self.status_actions = [
            self._action(f"Set status: {status.value}",
                         lambda _=False, s=status.value: self.set_status(s), f"Ctrl+{number}")
            for number, status in enumerate(Status, start=1)
        ]
        self.add_keyword_action = self._action("Add &keyword…",
                                               lambda: self.change_terms("keyword", add=True))
        self.remove_keyword_action = self._action("Remove k&eyword…",
                                                  lambda: self.change_terms("keyword", add=False))
        self.add_theme_action = self._action("Add &theme…",
                                             lambda: self.change_terms("theme", add=True))
        self.remove_theme_action = self._action("Remove t&heme…",
                                                lambda: self.change_terms("theme", add=False))
        self.delete_action = self._action("&Delete entries…", self.delete_selected,
                                          keys.Delete, "Delete the selected entries (undoable)")
        # Delete belongs to the list: in a text field it must still delete characters.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list_view.addAction(self.delete_action)
        self.removeAction(self.delete_action)
        self.review_filter_action = self._action(
            "Review the items of the &current filter", self.review_filter, "Ctrl+R",
            "One item at a time, scored by keyboard")
        self.review_selected_action = self._action(
            "Review the items of the &selected entries", self.review_selected, "Ctrl+Shift+R")
        self.view_actions = [
            self._action(f"Show {name}", lambda _=False, i=index: self.show_view(i),
                         f"Alt+{index + 1}")
            for index, name in enumerate(TABS)
        ]
        self.shortcuts_action = self._action("&Keyboard shortcuts", lambda: show_shortcuts(self),
                                             keys.HelpContents)
        self.about_action = self._action("&About Curator", lambda: show_about(self))
        self.changing_actions = [self.review_filter_action, self.review_selected_action,self.edit_action, *self.status_actions, self.add_keyword_action,
                                 self.remove_keyword_action, self.add_theme_action,
                                 self.remove_theme_action, self.delete_action]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = QMenu("Recent libraries", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.samples_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_folder_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.print_action, self.preview_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.edit_action)
        status_menu = edit_menu.addMenu("Set &status")
        status_menu.addActions(self.status_actions)
        edit_menu.addActions([self.add_keyword_action, self.remove_keyword_action,
                              self.add_theme_action, self.remove_theme_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        review_menu = self.menuBar().addMenu("&Review")
        review_menu.addActions([self.review_filter_action, self.review_selected_action])
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions(self.view_actions)
        view_menu.addSeparator()
        view_menu.addActions([self.find_action, self.clear_action, self.last_import_action,
                              self.refresh_action])
        columns = view_menu.addMenu("Columns")
        columns.aboutToShow.connect(
            lambda: (columns.clear(), columns.addActions(self.list_view.column_menu().actions()))
        )
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.about_action])
        self._rebuild_recent_menu()

    # -- the lazily built tabs ---------------------------------------------------------

    @property
    def items_view(self) -> ItemsView:
        return self.items_tab.view()

    @property
    def stats_view(self) -> StatsView:
        return self.stats_tab.view()

    @property
    def calibration_view(self) -> CalibrationView:
        return self.calibration_tab.view()

    def _make_items_view(self) -> ItemsView:
        from ..review.items_view import ItemsView

        view = ItemsView(self.set_item_relevancy, self.open_entry, self.start_review)
        if self.library is not None:
            view.set_library(self.library)
            view.set_read_only(self.library.read_only)
            view.set_entry_filter(self.model.filter)
        return view

    def _make_stats_view(self) -> StatsView:
        from ..review.stats_view import StatsView

        view = StatsView()
        view.bar_clicked.connect(self.show_section_score)
        if self.library is not None:
            view.set_library(self.library)
            view.set_filter(self.model.filter)
        return view

    def _make_calibration_view(self) -> CalibrationView:
        from ..review.calibration_view import CalibrationView

        view = CalibrationView(self.set_group_score, self.open_entry)
        if self.library is not None:
            view.set_library(self.library)
            view.set_filter(self.model.filter)
        return view

    # -- the library -----------------------------------------------------------

    def open_library(self, path: Path) -> bool:
        """Open a library file; on failure say why and keep the current one."""
        if not self.leave_edit():
            return False
        try:
            library = Library(path)
        except CuratorError as error:
            ask.show_error(self, "Cannot open library", str(error))
            return False
        old = self.library
        self.library = library
        self._data_version = library.data_version()
        # A new library starts unfiltered: the list and the sidebar each count once, here.
        self.model.set_library(library)
        self.sidebar.set_library(library)
        if self.items_tab.built:
            self.items_view.set_library(library)
            self.items_view.set_read_only(library.read_only)
        if self.stats_tab.built:
            self.stats_view.set_library(library)
        if self.calibration_tab.built:
            self.calibration_view.set_library(library)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self._filter_other_views(Filter())
        if old is not None:
            old.close()
        # Undo steps belong to the library they were made in.
        self.undo_stack.clear()
        read_only = library.read_only
        self.read_only_banner.setVisible(read_only)
        for action in (self.import_action, self.import_folder_action, *self.changing_actions):
            action.setEnabled(not read_only)
        self.editor.set_read_only(read_only)
        self.history.read_only = read_only
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
        self.model.set_filter(flt)
        self.sidebar.set_filter(flt)
        self._filter_other_views(flt)

    def _filter_other_views(self, flt: Filter) -> None:
        """The Items, Statistics and Calibration tabs follow the entry filter (each lazily)."""
        if self.items_tab.built:
            self.items_view.set_entry_filter(flt)
        if self.stats_tab.built:
            self.stats_view.set_filter(flt)
        if self.calibration_tab.built:
            self.calibration_view.set_filter(flt)

    def _apply_search(self) -> None:
        self._search_timer.stop()
        if self.search_field.text() != self.model.filter.search:
            self.set_filter(_with_search(self.model.filter, self.search_field.text()))

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def show_view(self, index: int) -> None:
        """Bring a main view (an index in TABS) to the front, unless a review is on."""
        if self.center.currentWidget() is self.views:
            self.views.setCurrentIndex(index)

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
        self._views_stale = False
        self.model.refresh()
        self.sidebar.refresh()
        if self.items_tab.built:
            self.items_view.refresh()
        if self.stats_tab.built:
            self.stats_view.mark_stale()
        self.review.refresh()

    def check_for_outside_changes(self) -> None:
        if self.library is not None and self.library.data_version() != self._data_version:
            self.refresh()

    def current_entry_id(self) -> str | None:
        index = self.list_view.currentIndex()
        return self.model.entry_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        rows = self.model.rowCount()
        if self.library is not None and rows > 1 and self.selected_count() == rows:
            # All of them: one query, not every page of the list read in turn.
            sort, descending = self.model.sort_key
            return self.library.ids(self.model.filter, sort=sort, descending=descending)
        selected = self.list_view.selectionModel().selectedRows()
        return [i for i in (self.model.entry_id(r.row()) for r in selected) if i]

    def _reselect(self, entry_id: str | None) -> None:
        row = self.model.row_of(entry_id) if entry_id else None
        if row is None and self.model.rowCount():
            # The entry left the list. Deleted (the same list read again): the one now in its
            # place, as in a file manager; else (a new search or filter) the first one.
            same_list = self._list_before_reset == (self.model.filter, self.model.sort_key)
            row = (min(max(self._current_row_before_reset, 0), self.model.rowCount() - 1)
                   if same_list else 0)
        self._reselecting = True
        try:
            moved = False
            if row is not None:
                index = self.model.index(row, 0)
                moved = self.list_view.currentIndex() != index
                self.list_view.setCurrentIndex(index)  # when it moves, that shows the entry
                self.list_view.scrollTo(index)
            if row is None or not (moved or self._editing()):
                self._show_entry(self.model.entry_id(row) if row is not None else None)
        finally:
            self._reselecting = False

    def _select(self, entry_id: str | None) -> None:
        row = self.model.row_of(entry_id) if entry_id else None
        if row is not None:
            self._reselecting = True
            self.list_view.setCurrentIndex(self.model.index(row, 0))
            self._reselecting = False

    def _remember_current(self) -> None:
        self._current_before_reset = self.current_entry_id()
        self._current_row_before_reset = self.list_view.currentIndex().row()
        self._list_before_reset = (self.model.filter, self.model.sort_key)
        count = self.selected_count()
        # Every row selected, and the same filter after: all of them again, at no cost.
        self._all_selected_before_reset = (
            self.model.filter if 1 < count == self.model.rowCount() else None)
        # Each kept row costs one indexed count; beyond this many, the selection is let go.
        self._selected_before_reset = (
            self.selected_ids() if 1 < count <= MAX_KEPT_SELECTION else [])
        self._selection_let_go = count if count > MAX_KEPT_SELECTION else 0

    def _model_reset(self) -> None:
        """After any reset (filter, sort, refresh, library): keep the same entry current."""
        empty = self.library is not None and self.library.total() == 0
        self.stack.setCurrentWidget(self.empty_state if empty else self.list_view)
        self._update_status()
        self._reselect(self._current_before_reset)
        if self._all_selected_before_reset == self.model.filter:
            self.list_view.selectAll()
        elif self._selection_let_go:
            self.statusBar().showMessage(
                f"The selection of {self._selection_let_go:,} entries was cleared as the list "
                "changed.", 8000)
        else:
            self._restore_selection(self._selected_before_reset)

    def _restore_selection(self, entry_ids: list[str]) -> None:
        rows = [r for r in (self.model.row_of(i) for i in entry_ids) if r is not None]
        if not rows:
            return
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        self.list_view.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _update_status(self) -> None:
        total = self.library.total() if self.library else 0
        shown = self.model.rowCount()
        self.count_label.setText(f"{shown:,} of {total:,} entries")
        self.filter_label.setText(f"Showing {self.model.filter.describe()}")

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        entry_id = self.model.entry_id(current.row()) if current.isValid() else None
        if self._editing():
            if self._reselecting or entry_id == self.editor.entry_id:
                return  # the list moved under the edit (a filter, a refresh): keep editing
            if not self.leave_edit():
                self._select(self.editor.entry_id)
                return
        self._show_entry(entry_id)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        count = self.selected_count()
        self.statusBar().showMessage(f"{count:,} selected" if count > 1 else "", 0)

    def selected_count(self) -> int:
        """How many rows are selected, from the selection's ranges: listing every selected
        row took seconds with all 100,000 entries selected."""
        spans = sorted((r.top(), r.bottom()) for r in self.list_view.selectionModel().selection())
        count, end = 0, -1
        for top, bottom in spans:  # ranges may overlap: count each row once
            if bottom > end:
                count += bottom - max(top, end + 1) + 1
                end = bottom
        return count

    def _show_entry(self, entry_id: str | None) -> None:
        entry = None
        if entry_id and self.library is not None:
            try:
                entry = self.library.get_entry(entry_id)
            except CuratorError:
                entry = None  # deleted meanwhile by another program: show nothing
        if not self._editing():
            self.detail.show_entry(entry, self.model.filter.search)
        self._show_history()

    def _show_history(self) -> None:
        entry_id = self.editor.entry_id if self._editing() else self.current_entry_id()
        if self.right_tabs.currentWidget() is not self.history:
            return  # read only when looked at
        rows = self.library.history(entry_id) if entry_id and self.library else []
        self.history.show_history(rows)

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
        if not self.leave_edit():
            event.ignore()
            return
        self.save_settings()
        self._poll.stop()
        self.undo_stack.clear()
        for task in (self._import_task, self._export_task):
            if task is not None:
                task.shutdown()
        if self.calibration_tab.built:
            self.calibration_view.shutdown()
        if self.library is not None:
            self.model.set_library(None)
            self.sidebar.set_library(None)
            for tab in (self.items_tab, self.stats_tab, self.calibration_tab):
                if tab.built:
                    tab.view().set_library(None)
            self.library.close()
            self.library = None
        super().closeEvent(event)


def _with_search(flt: Filter, text: str) -> Filter:
    return replace(flt, search=text)
