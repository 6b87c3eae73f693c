"""The entry list view: a table over the lazy entry model, with a header menu to hide columns."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from .entry_model import COLUMNS, EntryTableModel

DEFAULT_WIDTHS = {"title": 320, "page": 90, "category": 95, "type": 95, "status": 75,
                  "n_signals": 60, "n_items": 50, "max_relevancy": 95, "mean_relevancy": 105,
                  "updated_at": 125}


class EntryListView(QTableView):
    """The library's entries; sorting goes to SQL through the model."""

    def __init__(self, model: EntryTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
            action.toggled.connect(
                lambda shown, c=column: header.setSectionHidden(c, not shown)
            )
            menu.addAction(action)
        return menu

    def save_state(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_state(self, state: QByteArray | None) -> None:
        if state:
            self.horizontalHeader().restoreState(state)
