"""The Items view: every scored item of the listed entries in one table, filtered and scored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.model import SECTION_TITLES, SECTIONS
from ...core.store import Filter, ItemFilter, ItemKey, Library
from ..browse.search_field import SearchField
from ..widgets.highlight import plain_label
from .items_model import COLUMNS, RELEVANCY_COLUMN, SORTABLE, ItemsTableModel
from .items_table import ItemsTable

OpenEntry = Callable[[str], None]
StartReview = Callable[[list[ItemKey]], None]
"""Starts a review of these items (the unreviewed ones only already, when so asked)."""
"""Told the items to review, in table order, and whether reviewed ones were left out."""

_CHANGED_CHOICES = (("Any score", None), ("Changed from imported", True),
                    ("As imported", False))
_REVIEWED_CHOICES = (("Reviewed or not", None), ("Not reviewed", False), ("Reviewed", True))


class ItemsView(QWidget):
    """Items of the entries in the main window's filter, narrowed by this view's own bar."""

    def __init__(self, set_relevancy: Callable[[ItemKey, int], bool], open_entry: OpenEntry,
                 start_review: StartReview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemsView")
        self._open_entry = open_entry
        self._start_review = start_review
        self._entry_filter = Filter()
        self._library: Library | None = None
        self._stale = False
        self._keys: frozenset[ItemKey] | None = None
        self.model = ItemsTableModel(None, set_relevancy, self)
        self._build()

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.section_combo = QComboBox()
        self.section_combo.setAccessibleName("Section")
        self.section_combo.addItem("All sections", None)
        for section in SECTIONS:
            self.section_combo.addItem(SECTION_TITLES[section], section)
        self.min_spin = QSpinBox()
        self.max_spin = QSpinBox()
        for spin, name, value in ((self.min_spin, "Lowest relevancy", 1),
                                  (self.max_spin, "Highest relevancy", 5)):
            spin.setRange(1, 5)
            spin.setValue(value)
            spin.setAccessibleName(name)
        self.changed_combo = QComboBox()
        self.changed_combo.setAccessibleName("Score changed from imported")
        for text, value in _CHANGED_CHOICES:
            self.changed_combo.addItem(text, value)
        self.reviewed_combo = QComboBox()
        self.reviewed_combo.setAccessibleName("Reviewed")
        for text, value in _REVIEWED_CHOICES:
            self.reviewed_combo.addItem(text, value)
        # Item terms test each item itself: "signal.relevancy:5 changed:yes" lists those
        # signals, not their entries.
        self.text_field = SearchField(
            placeholder="Find items: words, or signal.relevancy:5 changed:yes reviewed:no …",
            name="Find in items")
        self.text_field.setObjectName("itemsSearch")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Show all items of the listed entries")

        self._query = ""
        self.text_field.search_requested.connect(self._query_changed)
        self.section_combo.currentIndexChanged.connect(self._apply)
        self.changed_combo.currentIndexChanged.connect(self._apply)
        self.reviewed_combo.currentIndexChanged.connect(self._apply)
        self.min_spin.valueChanged.connect(self._min_changed)
        self.max_spin.valueChanged.connect(self._max_changed)
        self.reset_button.clicked.connect(self.reset_filters)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.section_combo)
        relevancy = QLabel("Relevancy")
        relevancy.setBuddy(self.min_spin)
        bar.addWidget(relevancy)
        bar.addWidget(self.min_spin)
        bar.addWidget(QLabel("to"))
        bar.addWidget(self.max_spin)
        bar.addWidget(self.changed_combo)
        bar.addWidget(self.reviewed_combo)
        bar.addStretch(1)
        bar.addWidget(self.reset_button)

        # Shown while the table holds a given list of items (those a review changed).
        self.keys_banner = QFrame()
        self.keys_banner.setObjectName("keysBanner")
        self.keys_banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner = QHBoxLayout(self.keys_banner)
        banner.setContentsMargins(8, 2, 2, 2)
        self.keys_label = plain_label(wrap=False, selectable=False)
        self.show_all_button = QPushButton("Show all items")
        self.show_all_button.clicked.connect(self.clear_keys)
        banner.addWidget(self.keys_label, 1)
        banner.addWidget(self.show_all_button)
        self.keys_banner.hide()

        self.table = ItemsTable(self, self.model, self)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        # Below the table, so that showing it moves no row from under the mouse.
        self.order_banner = QFrame()
        self.order_banner.setObjectName("orderBanner")
        self.order_banner.setFrameShape(QFrame.Shape.StyledPanel)
        order = QHBoxLayout(self.order_banner)
        order.setContentsMargins(8, 2, 2, 2)
        self.order_label = plain_label(
            "Order changed: rows you scored stay where they were (in italics). Press F5 or "
            "click a column header to re-sort.", wrap=True, selectable=False)
        self.order_label.setObjectName("orderLabel")
        self.resort_button = QPushButton("Re-sort now")
        self.resort_button.setToolTip("Read the list again in its order (F5)")
        self.resort_button.clicked.connect(self.reload)
        order.addWidget(self.order_label, 1)
        order.addWidget(self.resort_button)
        self.order_banner.hide()

        self.status_label = plain_label(wrap=False, selectable=False)
        self.status_label.setObjectName("itemsStatus")
        self.skip_reviewed_check = QCheckBox("Leave out reviewed items")
        self.skip_reviewed_check.setChecked(True)
        self.skip_reviewed_check.setToolTip(
            "Review only the items not marked reviewed yet (to resume a review)")
        self.review_button = QPushButton("Review these…")
        self.review_button.setToolTip("Review the items listed, one at a time")
        self.review_selected_button = QPushButton("Review selected…")
        self.review_selected_button.setToolTip("Review the selected items, one at a time")
        self.review_button.clicked.connect(self.review_these)
        self.review_selected_button.clicked.connect(self.review_selected)
        footer = QHBoxLayout()
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.skip_reviewed_check)
        footer.addWidget(self.review_selected_button)
        footer.addWidget(self.review_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.text_field)  # a row of its own: beside the bar it was squeezed
        column.addWidget(self.text_field.error_label)
        column.addLayout(bar)
        column.addWidget(self.keys_banner)
        column.addWidget(self.table, 1)
        column.addWidget(self.order_banner)
        column.addLayout(footer)
        self._update_status()

    # -- our interface ---------------------------------------------------------------

    @property
    def library(self) -> Library | None:
        return self._library

    def set_library(self, library: Library | None) -> None:
        self._library = library
        self.text_field.set_value_source(library.entries.field_values if library else None)
        self._keys = None
        self.keys_banner.hide()
        self._apply()

    def set_read_only(self, read_only: bool) -> None:
        """A read-only library: scores can be looked at and sorted, not changed or reviewed."""
        self.model.read_only = read_only
        self._update_status()

    def set_entry_filter(self, flt: Filter) -> None:
        """The main window's entry filter: only the items of those entries are listed."""
        self._entry_filter = flt
        self._apply()

    def show_section_score(self, section: str | None, score: int) -> None:
        """One section's items of one exact score (a bar of the statistics chart)."""
        self._set_bar(section=section, low=score, high=score)

    def show_keys(self, keys: Sequence[ItemKey], description: str = "") -> None:
        """Exactly these items (those a review changed), whatever the entry filter."""
        self._keys = frozenset(keys)
        count = len(self._keys)
        self.keys_label.setText(description or (
            f"Showing {count:,} chosen item{'s' if count != 1 else ''}"))
        self.keys_banner.show()
        self._set_bar()

    def clear_keys(self) -> None:
        self._keys = None
        self.keys_banner.hide()
        self._apply()

    def reset_filters(self) -> None:
        self._set_bar()

    def current_filter(self) -> ItemFilter:
        """The entry filter (unless a list of items is shown) and the bar's choices."""
        section = self.section_combo.currentData()
        return ItemFilter(
            entries=Filter() if self._keys is not None else self._entry_filter,
            sections=frozenset({section}) if section else frozenset(),
            min_relevancy=self.min_spin.value(),
            max_relevancy=self.max_spin.value(),
            changed=self.changed_combo.currentData(),
            reviewed=self.reviewed_combo.currentData(),
            query=self._query,
            keys=self._keys,
        )

    def refresh(self) -> None:
        """After a change: every row stays where it is, with what it now holds.

        A row the change would move (a new score in a list sorted by score) stays under
        the cursor, marked, until the analyst re-sorts (`reload`, a header, the filter).
        Only when no row held in memory was moved, or one is gone, is the list read again.
        """
        if self._defer():
            return
        if self.model.reread() and self.model.order_stale:
            # The rows and their count are as they were: no count of millions again.
            self.order_banner.show()
            return
        self.reload()

    def reload(self) -> None:
        """Read the list again in its sort (F5); the current item stays current if it is
        still near its row, and the scroll stays."""
        if self._defer():
            return
        current = self.table.currentIndex()
        key = self.model.row_key(current.row()) if current.isValid() else None
        scroll = self.table.verticalScrollBar().value()
        self.model.refresh()
        rows = self.model.rowCount()
        if current.isValid() and rows:
            found = self.model.find_near(key, current.row()) if key is not None else None
            row = min(current.row(), rows - 1) if found is None else found
            self.table.setCurrentIndex(self.model.index(row, current.column()))
            self.table.verticalScrollBar().setValue(scroll)
            self.table.scrollTo(self.model.index(row, current.column()))
        self._update_status()

    def score_current(self, value: int) -> bool:
        """Set the current row's relevancy (keys 1–5); the window does the change."""
        index = self.table.currentIndex()
        if not index.isValid():
            return False
        return self.model.setData(self.model.index(index.row(), RELEVANCY_COLUMN), value)

    def open_current(self) -> None:
        index = self.table.currentIndex()
        item = self.model.item_at(index.row()) if index.isValid() else None
        if item is not None:
            self._open_entry(item.entry_id)

    def review_these(self) -> None:
        """Review every listed item (only the unreviewed ones when the box says so)."""
        if self.library is None:
            return
        only_unreviewed = self.skip_reviewed_check.isChecked()
        flt = self.model.filter
        sort, descending = self.model.sort_key
        if only_unreviewed and flt.reviewed is True:
            keys: list[ItemKey] = []  # the bar lists only reviewed items: none is left to do
        else:
            if only_unreviewed:
                flt = replace(flt, reviewed=False)
            keys = self.library.items.keys(flt, sort=sort, descending=descending)
        self._review(keys, only_unreviewed, self.model.rowCount())

    def selected_keys(self) -> list[ItemKey]:
        """The selected items in table order (the current one when none is selected)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if rows and len(rows) == self.model.rowCount():
            return self.model.keys()  # all of them: one query rather than every page
        return [k for k in (self.model.row_key(r) for r in rows) if k is not None]

    def review_selected(self) -> None:
        keys = self.selected_keys()
        if not keys:
            return
        offered = len(keys)
        only_unreviewed = self.skip_reviewed_check.isChecked()
        if only_unreviewed and self.library is not None:
            # Looked up by key, the marks read in Python: "AND reviewed = 1" in SQL would
            # walk the index of every reviewed item instead.
            rows = self.library.items.page(ItemFilter(keys=frozenset(keys)), limit=len(keys))
            reviewed = {row.key for row in rows if row.reviewed}
            keys = [k for k in keys if k not in reviewed]
        self._review(keys, only_unreviewed, offered)

    def _review(self, keys: list[ItemKey], only_unreviewed: bool, offered: int) -> None:
        if not keys:
            if offered:
                self.status_label.setText(
                    "All of these items are reviewed already. Untick “Leave out reviewed "
                    "items” to review them again.")
            return
        self._start_review(keys)

    # -- reacting --------------------------------------------------------------------

    def _set_bar(self, section: str | None = None, low: int = 1, high: int = 5) -> None:
        widgets = (self.section_combo, self.min_spin, self.max_spin, self.changed_combo,
                   self.reviewed_combo, self.text_field)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            index = self.section_combo.findData(section) if section else 0
            self.section_combo.setCurrentIndex(max(index, 0))
            self.min_spin.setValue(low)
            self.max_spin.setValue(high)
            self.changed_combo.setCurrentIndex(0)
            self.reviewed_combo.setCurrentIndex(0)
            self.text_field.show_search("")
            self._query = ""
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._apply()

    def _min_changed(self, value: int) -> None:
        if self.max_spin.value() < value:
            self.max_spin.blockSignals(True)
            self.max_spin.setValue(value)
            self.max_spin.blockSignals(False)
        self._apply()

    def _max_changed(self, value: int) -> None:
        if self.min_spin.value() > value:
            self.min_spin.blockSignals(True)
            self.min_spin.setValue(value)
            self.min_spin.blockSignals(False)
        self._apply()

    def _defer(self) -> bool:
        """Counting millions of items is only worth it when the table is seen."""
        if self.isVisible():
            return False
        self._stale = True
        return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self._stale = False
            if self.model.library is not self._library or \
                    self.current_filter() != self.model.filter:
                self._apply()
            else:
                self.refresh()  # the same list, changed while hidden: rows stay in place

    def _query_changed(self, text: str) -> None:
        self._query = text.strip()
        self._apply()

    def _apply(self) -> None:
        if self._defer():
            return
        if self.model.library is not self._library:
            self.model.set_library(self._library)
        flt = self.current_filter()
        if flt != self.model.filter:
            self.model.set_filter(flt)
        self._update_status()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMNS[column][0] in SORTABLE:
            self.model.sort(column, order)
            self._update_status()  # a new sort: no row is out of order any more
            return
        # Description has no index to sort by: leave the indicator where the sort is.
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        descending = self.model.sort_key[1]
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder
                                if descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.viewport().update()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() != RELEVANCY_COLUMN:
            self.open_current()

    def _update_status(self) -> None:
        shown = self.model.rowCount()
        bar_default = ItemFilter(entries=self.model.filter.entries, keys=self.model.filter.keys)
        if self.library is None or self.model.filter == bar_default:
            text = f"{shown:,} item{'s' if shown != 1 else ''}"
        else:
            total = self.library.items.count(bar_default)
            text = f"{shown:,} of {total:,} items"
        self.status_label.setText(text)
        self.order_banner.setVisible(self.model.order_stale)
        self.review_button.setEnabled(shown > 0 and not self.model.read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.review_selected_button.setEnabled(
            self.table.selectionModel().hasSelection() and not self.model.read_only)
