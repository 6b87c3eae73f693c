"""The main window: it builds the facets, the entry list, the detail view and the main views over
one open library, and wires them to the menus' actions; the work itself lives elsewhere."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
)

from ...core.errors import CuratorError
from ...core.model import Status
from ...core.paths import default_library_path, resources_folder
from ...core.query import searched_words
from ...core.store import Filter, Library
from ..browse.entry_list import EntryListView, ListReset
from ..browse.entry_model import EntryTableModel
from ..browse.facet_sidebar import FacetSidebar
from ..browse.search_help import show_search_help
from ..operations import Operations
from ..review.review_view import ReviewView
from ..transfer.export_task import ExportDialog, ExportTask
from ..transfer.import_report import ImportReportDialog
from ..transfer.import_task import ImportTask
from .about import show_about, show_shortcuts
from .actions import WindowActions
from .empty_state import EmptyState
from .library_chooser import LibraryChooser
from .panes import EntriesPage, EntryPane
from .settings import RecentLibraries, last_library, restore_window, save_window
from .tabs import LazyTabs, add_duplicates_tab, add_review_tabs
from .window_editing import EditingActions
from .window_review import ReviewActions
from .window_transfer import TransferActions

if TYPE_CHECKING:
    from ..review.calibration_view import CalibrationView
    from ..review.items_view import ItemsView
    from ..review.stats_view import StatsView

TABS = ("Entries", "Items", "Statistics", "Calibration", "Duplicates")
"""The main views, in tab order (Alt+1 to Alt+5)."""
POLL_MS = 2000
"""How often the window looks for changes made by another program."""


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
        self.ops = Operations(self, self.undo_stack, lambda: self.library, self._after_change)
        self._views_stale = False
        self._import_paths: list[str] = []
        self.setAcceptDrops(True)
        self.setWindowIcon(QIcon(str(resources_folder() / "curator.svg")))
        self.libraries = LibraryChooser(self, self.open_library, lambda: self.library)
        self._build_views()
        self.user_actions = WindowActions(self, self.undo_stack, self.list_view, TABS)
        self.recent = RecentLibraries(self.user_actions.recent_menu, self.open_library)
        self._connect_actions()
        restore_window(self, self.splitter, self.list_view)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_for_outside_changes)
        self._poll.start()
        # --db, then $CURATOR_DB, then the library used last, then the default one.
        path = db_path or os.environ.get("CURATOR_DB") or last_library() or default_library_path()
        if not self.open_library(Path(path)) and db_path is None:
            self._update_title()

    # -- building --------------------------------------------------------------

    def _build_views(self) -> None:
        self.model = EntryTableModel(None, self)
        self.list_view = EntryListView(self.model)
        self.list_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.list_view.list_reset.connect(self._list_reset)
        self.model.counted.connect(self._update_status)  # a large library's count follows
        # The list keeps the current entry and the selection; the actions ask it through these.
        self.current_entry_id = self.list_view.current_entry_id
        self.selected_ids = self.list_view.selected_ids
        self.selected_count = self.list_view.selected_count
        self.empty_state = EmptyState()
        self.empty_state.import_requested.connect(self.import_files)
        self.empty_state.samples_requested.connect(self.libraries.open_sample)
        self.entries_page = EntriesPage(self.list_view, self.empty_state)
        self.search_field = self.entries_page.search_field
        self.search_field.search_requested.connect(self._apply_search)
        self.stack, self.read_only_banner = (self.entries_page.stack,
                                             self.entries_page.read_only_banner)
        self.sidebar = FacetSidebar(self)
        self.sidebar.filter_changed.connect(self.set_filter)
        self.right_tabs = EntryPane()
        self.detail, self.editor = self.right_tabs.detail, self.right_tabs.editor
        self.entry_stack, self.history = self.right_tabs.entry_stack, self.right_tabs.history
        self.detail.edit_requested.connect(self.edit_current)
        self.editor.save_requested.connect(self.save_edit)
        self.editor.close_requested.connect(self.close_edit)
        self.history.revert_requested.connect(self.revert_history)
        self.right_tabs.currentChanged.connect(lambda _: self._show_history())
        self.list_view.activated.connect(lambda _: self.edit_current())
        # Built when first shown (or asked for), each caught up with the library and filter.
        self.lazy_tabs = LazyTabs(lambda: self.library, lambda: self.model.filter)
        self.items_tab, self.stats_tab, self.calibration_tab = add_review_tabs(
            self.lazy_tabs, set_item_relevancy=self.set_item_relevancy,
            open_entry=self.open_entry, start_review=self.start_review,
            show_section_score=self.show_section_score, set_group_score=self.set_group_score)
        self.duplicates_tab = add_duplicates_tab(self.lazy_tabs, run=self.ops.run,
                                                 open_entry=self.open_entry)
        self.views = QTabWidget()
        self.views.setObjectName("mainViews")
        self.views.setDocumentMode(True)
        self.views.addTab(self.entries_page, TABS[0])
        for tab in self.lazy_tabs:
            self.views.addTab(tab.page, tab.name)
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
        for pane, stretch in ((self.sidebar, 0), (self.center, 3), (self.right_tabs, 2)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([220, 760, 480])
        self.setCentralWidget(self.splitter)
        self.count_label = QLabel()
        self.filter_label = QLabel()
        self.filter_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addWidget(self.filter_label, 1)

    def _connect_actions(self) -> None:
        acts = self.user_actions
        slots = {
            acts.new_action: self.libraries.new, acts.open_action: self.libraries.choose,
            acts.samples_action: self.libraries.open_sample, acts.import_action: self.import_files,
            acts.import_folder_action: self.import_folder, acts.export_action: self.export,
            acts.print_action: lambda: self.print_report(False),
            acts.preview_action: lambda: self.print_report(True),
            acts.quit_action: self.close, acts.find_action: self.focus_search,
            acts.clear_action: self.clear_filter,
            # Not the method itself: triggered's `checked` would arrive as its batch (False).
            acts.last_import_action: lambda: self.show_last_import(),
            acts.refresh_action: self.refresh, acts.edit_action: self.edit_current,
            acts.add_keyword_action: lambda: self.change_terms("keyword", add=True),
            acts.remove_keyword_action: lambda: self.change_terms("keyword", add=False),
            acts.add_theme_action: lambda: self.change_terms("theme", add=True),
            acts.remove_theme_action: lambda: self.change_terms("theme", add=False),
            acts.delete_action: self.delete_selected,
            acts.review_filter_action: self.review_filter,
            acts.review_selected_action: self.review_selected,
            acts.shortcuts_action: lambda: show_shortcuts(self),
            acts.search_help_action: lambda: show_search_help(self, self.search_for),
            acts.about_action: lambda: show_about(self),
        }
        for action, slot in slots.items():
            action.triggered.connect(slot)
        for action, status in zip(acts.status_actions, Status):
            action.triggered.connect(lambda _=False, s=status.value: self.set_status(s))
        for index, action in enumerate(acts.view_actions):
            action.triggered.connect(lambda _=False, i=index: self.show_view(i))

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

    # -- the library -----------------------------------------------------------

    def open_library(self, path: Path) -> bool:
        """Open a library file; on failure say why and keep the current one."""
        if not self.leave_edit():
            return False
        library = self.libraries.load(path)
        if library is None:
            return False
        old = self.library
        self.library = library
        self._data_version = library.data_version()
        # A new library starts unfiltered: the list and the sidebar each count once, here.
        self.model.set_library(library)
        self.sidebar.set_library(library)
        self.lazy_tabs.set_library(library)
        self.search_field.set_value_source(library.entries.field_values)
        self.search_field.show_search("")
        self.lazy_tabs.set_filter(Filter())
        if old is not None:
            old.close()
        # Undo steps belong to the library they were made in.
        self.undo_stack.clear()
        read_only = library.read_only
        self.read_only_banner.setVisible(read_only)
        acts = self.user_actions
        for action in (acts.import_action, acts.import_folder_action, *acts.changing_actions):
            action.setEnabled(not read_only)
        self.editor.set_read_only(read_only)
        self.history.read_only = read_only
        self.recent.remember(library.path)
        self._update_title()
        return True

    def _update_title(self) -> None:
        if self.library is None:
            self.setWindowTitle("Curator")
            return
        suffix = " (read-only)" if self.library.read_only else ""
        self.setWindowTitle(f"{self.library.path.name}{suffix} — Curator")

    # -- filtering and the list --------------------------------------------------

    def set_filter(self, flt: Filter) -> None:
        # The field reads the search language; a plain search (an older view) is one too.
        self.search_field.show_search(" ".join(t for t in (flt.search, flt.query) if t.strip()))
        self.model.set_filter(flt)
        self.sidebar.set_filter(flt)
        self.lazy_tabs.set_filter(flt)

    def _apply_search(self, text: str) -> None:
        flt = self.model.filter
        if text != flt.query or flt.search:
            self.set_filter(replace(flt, search="", query=text))

    def search_for(self, query: str) -> None:
        """Search a query given elsewhere (an example of the help), as if typed."""
        self.show_view(0)
        self.search_field.setText(query)
        self.search_field.search_now()

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
            batch = self.library.imports.last()
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
        self.lazy_tabs.refresh()
        self.review.refresh()

    def check_for_outside_changes(self) -> None:
        if self.library is not None and self.library.data_version() != self._data_version:
            self.refresh()

    def _list_reset(self, reset: ListReset) -> None:
        """After any reset of the list: the empty state, the counts, and the current entry."""
        self.entries_page.show_empty(self.library is not None and self.library.entries.total() == 0)
        self._update_status()
        if reset.row is None or not (reset.moved or self._editing()):
            self._show_entry(reset.entry_id)
        if reset.let_go:
            self.statusBar().showMessage(
                f"The selection of {reset.let_go:,} entries was cleared as the list changed.",
                8000)

    def _update_status(self) -> None:
        total = self.library.entries.total() if self.library else 0
        shown = self.model.rowCount()
        self.count_label.setText(f"{shown:,}+ of {total:,} entries, counting…"
                                 if self.model.counting else f"{shown:,} of {total:,} entries")
        self.filter_label.setText(f"Showing {self.model.filter.describe()}")

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        entry_id = self.model.entry_id(current.row()) if current.isValid() else None
        if self._editing():
            if self.list_view.reselecting or entry_id == self.editor.entry_id:
                return  # the list moved under the edit (a filter, a refresh): keep editing
            if not self.leave_edit():
                self.list_view.select_quietly(self.editor.entry_id)
                return
        self._show_entry(entry_id)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        count = self.selected_count()
        self.statusBar().showMessage(f"{count:,} selected" if count > 1 else "", 0)

    def _show_entry(self, entry_id: str | None) -> None:
        entry = None
        if entry_id and self.library is not None:
            try:
                entry = self.library.entries.get(entry_id)
            except CuratorError:
                entry = None  # deleted meanwhile by another program: show nothing
        if not self._editing():
            flt = self.model.filter
            self.detail.show_entry(entry, f"{flt.search} {searched_words(flt.query)}".strip())
        self._show_history()

    def _show_history(self) -> None:
        entry_id = self.editor.entry_id if self._editing() else self.current_entry_id()
        if self.right_tabs.currentWidget() is not self.history:
            return  # read only when looked at
        rows = self.library.entries.history(entry_id) if entry_id and self.library else []
        self.history.show_history(rows)

    # -- closing --------------------------------------------------------------------

    def save_settings(self) -> None:
        save_window(self, self.splitter, self.list_view)

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
        self.lazy_tabs.close()
        if self.library is not None:
            self.model.set_library(None)
            self.sidebar.set_library(None)
            self.lazy_tabs.set_library(None)
            self.library.close()
            self.library = None
        super().closeEvent(event)
