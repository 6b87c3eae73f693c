"""The main window: it builds the facets, the entry list, the entry pane and the main views over
one open library, hands the actions to the controllers (editing, reviewing, transfers) and
wires everything in one place; the work itself lives elsewhere."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QTabWidget, QWidget

from ...core.operations import Change, Touched
from ...core.paths import default_library_path, resources_folder
from ...core.store import Filter, Library
from ...core.vocabulary import Status
from ..browse.entry_list import EntryListView, ListReset
from ..browse.entry_model import EntryTableModel
from .actions import WindowActions
from .empty_state import EmptyState
from .layout import PaneLayout
from .library_chooser import LibraryChooser
from .panes import EntriesPage, EntryPane
from .settings import RecentLibraries, last_library, restore_window, save_window
from .tabs import LazyTabs, add_duplicates_tab

TABS = ("Entries", "Items", "Statistics", "Calibration", "Duplicates")
"""The main views, in tab order (Alt+1 to Alt+5)."""
POLL_MS = 2000
"""How often the window looks for changes made by another program."""


class MainWindow(QMainWindow):
    """One window over one library; every view reads it through the core, and every action
    is handed to the controller of its kind (editing, reviewing, transfers)."""

    def __init__(self, db_path: Path | None = None, *, paint_first: bool = False) -> None:
        """`paint_first`: build the Entries page only; `build_rest` builds the rest after it."""
        super().__init__()
        self.undo_stack = QUndoStack(self)
        self.libraries = LibraryChooser(self, self.open_library, lambda: self.library)
        self._build_views()
        self.user_actions = WindowActions(self, self.undo_stack, self.list_view, TABS)
        self.user_actions.find_action.triggered.connect(self.focus_search)  # from the first paint
        self.recent = RecentLibraries(self.user_actions.recent_menu, self.open_library)
        restore_window(self, self.splitter, self.list_view)
        # --db, then $CURATOR_DB, then the library used last, then the default one.
        path = db_path or os.environ.get("CURATOR_DB") or last_library() or default_library_path()
        self.library: Library | None = self.libraries.load(Path(path)) if paint_first else None
        self.model.set_library(self.library)
        self._update_title()
        list(() if paint_first else self.build_rest(Path(path)))  # else app start runs it
        self.list_view.setFocus()  # the keys move through the entries from the start

    def build_rest(self, path: Path | None = None) -> Iterator[None]:
        """The panes, the controllers, then the library: yields between them for app start."""
        from ..browse.facet_sidebar import FacetSidebar  # imported here: they pull in pydantic
        from ..operations import SAID_MS, Operations
        from . import editing, reviewing, selecting, transferring
        self.ops = Operations(self, self.undo_stack, lambda: self.library, self._after_change,
                              lambda text: self.statusBar().showMessage(text, SAID_MS))
        self.setWindowIcon(QIcon(str(resources_folder() / "curator.svg")))
        self.sidebar = FacetSidebar(self.ops.run, self)
        yield  # then the entry pane (its edit view alone takes some 15 ms)
        self.right_tabs = EntryPane()
        sizes = self.splitter.sizes()  # before the pane's places take the centre from it
        self.pane_layout = PaneLayout(self, splitter=self.splitter, center=self.center,
                                      views=self.views, pane=self.right_tabs, names=TABS)
        self.pane_layout.take_place(self.sidebar, self.user_actions.view_menu, sizes)
        self.detail, self.editor = self.right_tabs.detail, self.right_tabs.editor
        self.entry_stack, self.history = self.right_tabs.entry_stack, self.right_tabs.history
        # Built when first shown (or asked for), each caught up with the library and filter.
        self.lazy_tabs = LazyTabs(lambda: self.library, lambda: self.model.filter)
        yield  # then the controllers: each gets what it uses, nothing reaches into the window
        library, entry_filter = (lambda: self.library), (lambda: self.model.filter)
        self.editing = editing.EditingController(
            self, library, self.ops, pane=self.right_tabs, list_view=self.list_view,
            model=self.model, status_bar=self.statusBar(), actions=self.user_actions)
        self.reviewing = reviewing.ReviewController(
            self, library, self.ops, tabs=self.lazy_tabs, views=self.views, center=self.center,
            entry_pane=self.right_tabs, entry_filter=entry_filter, open_entry=self.open_entry,
            leave_edit=self.editing.leave_edit, target_ids=self.editing.target_ids,
            status_bar=self.statusBar(), refresh=self.refresh, follow_entry=self.editing.follow)
        self.transfers = transferring.TransferController(
            self, library, self.ops, leave_edit=self.editing.leave_edit,
            entry_filter=entry_filter, selected_ids=self.list_view.selected_ids,
            refresh=self.refresh, show_batch=self.show_last_import)
        self.items_tab, self.stats_tab, self.calibration_tab = (
            self.reviewing.items_tab, self.reviewing.stats_tab, self.reviewing.calibration_tab)
        self.review = self.reviewing.view
        self.duplicates_tab = add_duplicates_tab(self.lazy_tabs, run=self.ops.run,
                                                 open_entry=self.open_entry)
        for tab in self.lazy_tabs:
            self.views.addTab(tab.page, tab.name)
        self._connect()
        self.selection = selecting.SelectionController(
            self, self.user_actions, list_view=self.list_view, views=self.views,
            items_tab=self.items_tab, targets=self.editing.target_ids, export=self.transfers.export)
        self.pane_layout.apply()
        self._poll = QTimer(self, interval=POLL_MS, timeout=self.check_for_outside_changes)
        self._poll.start()
        yield  # then the library: the sidebar counts its facets
        # The library painted first is handed over as if opened now; else the one at `path`.
        painted, self.library, typed = self.library, None, self.search_field.text()
        if (painted or path) and self.open_library(painted or path) and painted:
            yield  # then what was typed meanwhile is searched, or the list as painted holds:
            if typed:  # its counts, then its entry a part at a time
                self.search_for(typed)
            else:
                self._show_counts()
                yield from self.editing.show_in_parts(self.list_view.current_entry_id())

    # -- building --------------------------------------------------------------

    def _build_views(self) -> None:
        """The Entries page, and room for the panes `build_rest` makes."""
        self.model = EntryTableModel(None, self)
        self.list_view = EntryListView(self.model)
        self.empty_state = EmptyState()
        self.entries_page = page = EntriesPage(self.list_view, self.empty_state)
        self.search_field = page.search_field
        self.stack, self.read_only_banner = page.stack, page.read_only_banner
        self.views = QTabWidget()
        self.views.setObjectName("mainViews")
        self.views.setDocumentMode(True)
        self.views.addTab(self.entries_page, TABS[0])
        self.center = QStackedWidget()
        # The charts and tables below would otherwise claim their full width as a minimum,
        # and the splitter could not give the entry pane more room.
        self.center.setMinimumWidth(320)
        self.center.addWidget(self.views)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for pane, stretch in ((QWidget(), 0), (self.center, 3), (QWidget(), 2)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([220, 760, 480])
        self.setCentralWidget(self.splitter)
        self.count_label, self.filter_label = QLabel(), QLabel()
        self.filter_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addWidget(self.filter_label, 1)

    def _connect(self) -> None:
        """Every signal of the views and every menu action to what handles it: one place."""
        editing, reviewing, transfers = self.editing, self.reviewing, self.transfers
        selection = self.list_view.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)
        selection.currentRowChanged.connect(editing.current_changed)
        self.list_view.list_reset.connect(self._list_reset)
        self.model.counted.connect(self._show_counts)  # a large library's count follows
        self.list_view.activated.connect(lambda _: editing.edit_current())
        self.empty_state.import_requested.connect(transfers.import_files)
        self.empty_state.samples_requested.connect(self.libraries.open_sample)
        self.search_field.search_requested.connect(self._apply_search)
        self.sidebar.filter_changed.connect(self.set_filter)
        self.detail.edit_requested.connect(editing.edit_current)
        self.editor.save_requested.connect(editing.save_edit)
        self.editor.close_requested.connect(editing.close_edit)
        self.history.revert_requested.connect(editing.revert_history)
        self.right_tabs.currentChanged.connect(lambda _: editing.show_history())
        from ..browse.search_help import show_search_help  # imported here, as in build_rest
        from .about import show_about, show_shortcuts
        acts = self.user_actions
        slots = {
            acts.new_action: self.libraries.new, acts.open_action: self.libraries.choose,
            acts.samples_action: self.libraries.open_sample, acts.export_action: transfers.export,
            acts.import_action: transfers.import_files,
            acts.import_folder_action: transfers.import_folder,
            acts.print_action: lambda: transfers.print_report(False),
            acts.preview_action: lambda: transfers.print_report(True),
            acts.quit_action: self.close,
            acts.clear_action: lambda: self.set_filter(Filter()),
            # Not the method itself: triggered's `checked` would arrive as its batch (False).
            acts.last_import_action: lambda: self.show_last_import(),
            acts.refresh_action: self.refresh, acts.edit_action: editing.edit_current,
            acts.add_keyword_action: lambda: editing.change_terms("keyword", add=True),
            acts.remove_keyword_action: lambda: editing.change_terms("keyword", add=False),
            acts.add_theme_action: lambda: editing.change_terms("theme", add=True),
            acts.remove_theme_action: lambda: editing.change_terms("theme", add=False),
            acts.delete_action: editing.delete_selected,
            acts.review_filter_action: reviewing.review_filter,
            acts.review_selected_action: reviewing.review_selected,
            acts.shortcuts_action: lambda: show_shortcuts(self),
            acts.about_action: lambda: show_about(self),
            acts.search_help_action: lambda: show_search_help(self, self.search_for),
        }
        for action, slot in slots.items():
            action.triggered.connect(slot)
        for action, status in zip(acts.status_actions, Status):
            action.triggered.connect(lambda _=False, s=status.value: editing.set_status(s))
        for index, action in enumerate(acts.view_actions):
            action.triggered.connect(lambda _=False, i=index: self.show_view(i))

    # -- the library -----------------------------------------------------------

    def open_library(self, path: Path | Library) -> bool:
        """Open a library file (or the one painted first); on failure, say why and keep this one."""
        if not self.editing.leave_edit():
            return False
        library = path if isinstance(path, Library) else self.libraries.load(path)
        if library is None:
            return False
        old = self.library
        self.library = library
        self._data_version = library.data_version()
        # A new library starts unfiltered: the list and the sidebar each count once, here.
        if self.model.library is not library:  # else it was painted first: build_rest reads it
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
        self.user_actions.set_read_only(read_only)
        self.editing.set_read_only(read_only)
        self.recent.remember(library.path)
        self._update_title()
        return True

    def _update_title(self) -> None:
        lib = self.library
        name = lib and f"{lib.path.name}{' (read-only)' if lib.read_only else ''} — Curator"
        self.setWindowTitle(name or "Curator")

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

    def show_last_import(self, batch: int | None = None) -> None:
        if batch is None and self.library is not None:
            batch = self.library.imports.last()
        if batch is not None:
            self.set_filter(Filter(import_batch=batch))

    def open_entry(self, entry_id: str) -> None:
        """Show one entry in the entry list, clearing the filter if it hides it."""
        if self.library is None or not self.library.entries.has(entry_id):
            return
        self.views.setCurrentWidget(self.entries_page)
        if self.model.row_of(entry_id) is None:
            self.set_filter(Filter())
        self.list_view.go_to(entry_id)
        self.list_view.setFocus()  # the keys then move through the entries, as expected

    def _list_reset(self, reset: ListReset) -> None:
        """After any reset of the list: the empty state, the counts, and the current entry."""
        self._show_counts()
        if reset.row is None or not (reset.moved or self.editing.editing()):
            self.editing.show_entry(reset.entry_id)
        if reset.let_go:
            self.statusBar().showMessage(
                f"The selection of {reset.let_go:,} entries was cleared as the list changed.",
                8000)

    def _show_counts(self) -> None:
        total = self.library.entries.total() if self.library else 0
        self.entries_page.show_empty(self.library is not None and total == 0)  # what to do first
        shown = self.model.rowCount()
        self.count_label.setText(f"{shown:,}+ of {total:,} entries, counting…"
                                 if self.model.counting else f"{shown:,} of {total:,} entries")
        self.filter_label.setText(f"Showing {self.model.filter.describe()}")

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        count = self.list_view.selected_count()
        self.statusBar().showMessage(f"{count:,} selected" if count > 1 else "", 0)

    # -- refreshing ------------------------------------------------------------------

    def _after_change(self, change: Change) -> None:
        """Refresh what shows what an action, an undo or a redo touched, and nothing else."""
        if self.library is None:
            return
        # The list shows titles, statuses, scores and the date of the last change; the
        # sidebar counts statuses and terms, and lists the saved views.
        list_changed = change.touches(~(Touched.REVIEWED | Touched.VIEWS))
        if list_changed:
            self.model.refresh()
        if change.touches(~Touched.REVIEWED):
            self.sidebar.refresh()
        self.reviewing.after_change(change)
        self.editing.after_change(change, list_changed)

    def refresh(self) -> None:
        """Read everything again (after an import, or another program's change)."""
        if self.library is None:
            return
        self._data_version = self.library.data_version()
        for part in (self.model, self.sidebar, self.lazy_tabs, self.reviewing):
            part.refresh()

    def check_for_outside_changes(self) -> None:
        if self.library is not None and self.library.data_version() != self._data_version:
            self.refresh()

    # -- closing --------------------------------------------------------------------

    def save_settings(self) -> None:
        save_window(self, self.splitter, self.list_view, self.pane_layout.column)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.editing.leave_edit():
            event.ignore()
            return
        self.save_settings()
        self._poll.stop()
        self.undo_stack.clear()
        self.transfers.shutdown()
        self.lazy_tabs.close()
        if self.library is not None:
            for part in (self.model, self.sidebar, self.lazy_tabs):
                part.set_library(None)
            self.library.close()
            self.library = None
        super().closeEvent(event)
