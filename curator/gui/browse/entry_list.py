"""The entry list view: a table over the lazy entry model that keeps its selection across resets.

Every reset of the model (a filter, a sort, a refresh, another library) would otherwise lose the
current entry and the selection: the view notes them just before and puts them back after, then
says so with `list_reset`, so the window can show the entry that is current now.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QItemSelection, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ...core.store import Filter
from .entry_model import COLUMNS, EntryTableModel

DEFAULT_WIDTHS = {"title": 320, "page": 90, "category": 95, "type": 95, "status": 75,
                  "n_signals": 60, "n_items": 50, "max_relevancy": 95, "mean_relevancy": 105,
                  "updated_at": 125}
MAX_KEPT_SELECTION = 5_000
"""Each kept row costs one indexed count after a reset; beyond this many, the selection goes."""


@dataclass(frozen=True)
class KeptSelection:
    """What the list showed just before a reset of its model, to put back after it."""

    current_id: str | None = None
    current_row: int = -1
    listing: tuple[Filter, tuple[str, bool]] | None = None
    """The filter and sort before: the same after means the same list read again."""
    selected_ids: tuple[str, ...] = ()
    all_selected: Filter | None = None
    """Every row was selected under this filter: the same filter after selects all again."""
    let_go: int = 0
    """How many selected rows were let go (more than MAX_KEPT_SELECTION)."""


@dataclass(frozen=True)
class ListReset:
    """Where the list stands after a reset, for the window to show the current entry."""

    row: int | None
    """The current row (None: the list is empty)."""
    entry_id: str | None
    moved: bool
    """Making it current moved the current row: `currentRowChanged` has shown it already."""
    let_go: int
    """How many selected rows were let go (0 when all of them are selected again)."""


class EntryListView(QTableView):
    """The library's entries; sorting goes to SQL through the model."""

    list_reset = Signal(object)
    """A ListReset, after the model was reset and the current entry and selection restored."""

    def __init__(self, model: EntryTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._kept = KeptSelection()
        self._reselecting = False
        self.setObjectName("entryList")
        self.setAccessibleName("Entries")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        # A fixed row height spares Qt from measuring every row of a 100,000-row model.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for column, (key, _) in enumerate(COLUMNS):
            header.resizeSection(column, DEFAULT_WIDTHS[key])
        self.setSortingEnabled(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)

    # -- the current entry and the selection ----------------------------------------------

    @property
    def reselecting(self) -> bool:
        """True while the view itself moves the current row (not the user)."""
        return self._reselecting

    def current_entry_id(self) -> str | None:
        index = self.currentIndex()
        return self._model.entry_id(index.row()) if index.isValid() else None

    def selected_count(self) -> int:
        """How many rows are selected, from the selection's ranges: listing every selected
        row took seconds with all 100,000 entries selected."""
        spans = sorted((r.top(), r.bottom()) for r in self.selectionModel().selection())
        count, end = 0, -1
        for top, bottom in spans:  # ranges may overlap: count each row once
            if bottom > end:
                count += bottom - max(top, end + 1) + 1
                end = bottom
        return count

    def selected_ids(self) -> list[str]:
        model, library = self._model, self._model.library
        rows = model.rowCount()
        if library is not None and rows > 1 and self.selected_count() == rows:
            # All of them: one query, not every page of the list read in turn.
            sort, descending = model.sort_key
            return library.entries.ids(model.filter, sort=sort, descending=descending)
        selected = self.selectionModel().selectedRows()
        return [i for i in (model.entry_id(r.row()) for r in selected) if i]

    def go_to(self, entry_id: str) -> None:
        """Make an entry current and scroll to it, if the list holds it."""
        row = self._model.row_of(entry_id)
        if row is not None:
            index = self._model.index(row, 0)
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def select_quietly(self, entry_id: str | None) -> None:
        """Make an entry current as the view's own move (`reselecting` is True meanwhile)."""
        row = self._model.row_of(entry_id) if entry_id else None
        if row is not None:
            self._reselecting = True
            self.setCurrentIndex(self._model.index(row, 0))
            self._reselecting = False

    def _remember(self) -> None:
        model = self._model
        count = self.selected_count()
        self._kept = KeptSelection(
            current_id=self.current_entry_id(),
            current_row=self.currentIndex().row(),
            listing=(model.filter, model.sort_key),
            # Every row selected, and the same filter after: all of them again, at no cost.
            all_selected=model.filter if 1 < count == model.rowCount() else None,
            selected_ids=tuple(self.selected_ids()) if 1 < count <= MAX_KEPT_SELECTION else (),
            let_go=count if count > MAX_KEPT_SELECTION else 0,
        )

    def _restore(self) -> None:
        """After any reset (filter, sort, refresh, library): keep the same entry current."""
        kept, model = self._kept, self._model
        row = model.row_of(kept.current_id) if kept.current_id else None
        if row is None and model.rowCount():
            # The entry left the list. Deleted (the same list read again): the one now in its
            # place, as in a file manager; else (a new search or filter) the first one.
            same_list = kept.listing == (model.filter, model.sort_key)
            row = min(max(kept.current_row, 0), model.rowCount() - 1) if same_list else 0
        moved = False
        self._reselecting = True
        try:
            if row is not None:
                index = model.index(row, 0)
                moved = self.currentIndex() != index
                self.setCurrentIndex(index)  # when it moves, currentRowChanged shows the entry
                self.scrollTo(index)
        finally:
            self._reselecting = False
        let_go = 0
        if kept.all_selected == model.filter:
            self.selectAll()
        elif kept.let_go:
            let_go = kept.let_go
        else:
            self._select_rows(kept.selected_ids)
        entry_id = model.entry_id(row) if row is not None else None
        self.list_reset.emit(ListReset(row, entry_id, moved, let_go))

    def _select_rows(self, entry_ids: tuple[str, ...]) -> None:
        rows = [r for r in (self._model.row_of(i) for i in entry_ids) if r is not None]
        if not rows:
            return
        selection = QItemSelection()
        last = self._model.columnCount() - 1
        for row in rows:
            selection.select(self._model.index(row, 0), self._model.index(row, last))
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- columns ----------------------------------------------------------------------------

    def _header_menu(self, position: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(position))

    def column_menu(self) -> QMenu:
        """A menu with one checkable action per column (Title always stays)."""
        menu = QMenu(self)
        header = self.horizontalHeader()
        for column, (key, title) in enumerate(COLUMNS):
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(key != "title")
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
            menu.addAction(action)
        return menu

    def set_column_shown(self, column: int, shown: bool) -> None:
        """Show or hide a column; hiding the one the list is sorted by sorts it by title, so
        that the header always shows the order the rows are in."""
        header = self.horizontalHeader()
        header.setSectionHidden(column, not shown)
        self._sort_by_a_shown_column()

    def _sort_by_a_shown_column(self) -> None:
        header = self.horizontalHeader()
        if header.isSectionHidden(header.sortIndicatorSection()):
            self.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def save_state(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_state(self, state: QByteArray | None) -> None:
        if state:
            self.horizontalHeader().restoreState(state)
            self.horizontalHeader().setSectionHidden(0, False)  # Title always stays
            self._sort_by_a_shown_column()
