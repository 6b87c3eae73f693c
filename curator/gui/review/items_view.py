"""The Items view: every scored item of the listed entries in one table, filtered and scored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.model import SECTION_TITLES, SECTIONS
from ...core.store import Filter, ItemFilter, ItemKey, Library
from ..browse.search_field import SearchField
from ..widgets.cell_delegates import RelevancyDelegate
from ..widgets.highlight import plain_label
from .items_model import (
    COLUMNS,
    ENTRY_COLUMN,
    IMPORTED_COLUMN,
    RELEVANCY_COLUMN,
    REVIEWED_COLUMN,
    SECTION_COLUMN,
    SORTABLE,
    ItemsTableModel,
)

OpenEntry = Callable[[str], None]
StartReview = Callable[[list[ItemKey]], None]
"""Starts a review of these items (the unreviewed ones only already, when so asked)."""
"""Told the items to review, in table order, and whether reviewed ones were left out."""

_SCORE_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4,
               Qt.Key.Key_5: 5}
_CHANGED_CHOICES = (("Any score", None), ("Changed from imported", True),
                    ("As imported", False))
_REVIEWED_CHOICES = (("Reviewed or not", None), ("Not reviewed", False), ("Reviewed", True))


class _ScoreDelegate(RelevancyDelegate):
    """Pips centred in the one-line row, and a 1–5 spin box when edited (double-click, F2)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        # The detail view's rows wrap, so its pips sit on the first line; here rows are
        # one line, so the pips go in the middle, level with the text beside them.
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        full.text = ""
        style = full.widget.style() if full.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, full.widget)
        band = option.fontMetrics.height() + 6
        centred = QStyleOptionViewItem(option)
        centred.rect = QRect(option.rect.left(),
                             option.rect.top() + max(0, (option.rect.height() - band) // 2),
                             option.rect.width(), min(band, option.rect.height()))
        centred.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, centred, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(1, 5)
        editor.setFrame(False)
        return editor


class ItemsTable(QTableView):
    """The table: keys 1–5 score the current row, Enter or O opens its entry."""

    def __init__(self, view: ItemsView) -> None:
        super().__init__(view)
        self._view = view

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Shift is allowed: on AZERTY keyboards the digits are shifted.
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                          | Qt.KeyboardModifier.ShiftModifier)
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if plain and event.key() in _SCORE_KEYS:
            self._view.score_current(_SCORE_KEYS[event.key()])
            return
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_O):
            self._view.open_current()
            return
        super().keyPressEvent(event)


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

        self.table = ItemsTable(self)
        self.table.setObjectName("itemsTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(RELEVANCY_COLUMN, _ScoreDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line a row: 100k rows are never measured
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._double_clicked)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # The texts share what the short columns leave, so that the score is always in view
        # rather than off to the right of a narrow pane.
        for text_column in (ENTRY_COLUMN, 2, 3):
            header.setSectionResizeMode(text_column, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        widths = {SECTION_COLUMN: metrics.horizontalAdvance("Technology") + 24,
                  IMPORTED_COLUMN: metrics.horizontalAdvance("Imported") + 28,
                  RELEVANCY_COLUMN: max(RelevancyDelegate.WIDTH,
                                        metrics.horizontalAdvance("Relevancy") + 28),
                  REVIEWED_COLUMN: metrics.horizontalAdvance("Reviewed") + 28}
        for column, width in widths.items():
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

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
        """Read again after a change; the same row stays current and the scroll stays."""
        if self._defer():
            return
        current = self.table.currentIndex()
        scroll = self.table.verticalScrollBar().value()
        self.model.refresh()
        rows = self.model.rowCount()
        if current.isValid() and rows:
            row = min(current.row(), rows - 1)
            self.table.setCurrentIndex(self.model.index(row, current.column()))
            self.table.verticalScrollBar().setValue(scroll)
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

    def review_selected(self) -> None:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        if not rows:
            return
        if len(rows) == self.model.rowCount():
            keys = self.model.keys()  # all of them: one query rather than every page
        else:
            keys = [k for k in (self.model.row_key(r) for r in rows) if k is not None]
        only_unreviewed = self.skip_reviewed_check.isChecked()
        if only_unreviewed and self.library is not None:
            reviewed = set(self.library.items.keys(ItemFilter(keys=frozenset(keys),
                                                             reviewed=True)))
            keys = [k for k in keys if k not in reviewed]
        self._review(keys, only_unreviewed, len(rows))

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
            self._apply()

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
        self.review_button.setEnabled(shown > 0 and not self.model.read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.review_selected_button.setEnabled(
            self.table.selectionModel().hasSelection() and not self.model.read_only)
