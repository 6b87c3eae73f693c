"""The Items tab's table: one line an item, scores as pips and a number, keys 1–5 to score."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QSpinBox,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ..widgets.cell_delegates import RelevancyDelegate
from ..widgets.column_widths import share_widths
from .items_model import (
    ENTRY_COLUMN,
    IMPORTED_COLUMN,
    RELEVANCY_COLUMN,
    REVIEWED_COLUMN,
    SECTION_COLUMN,
    ItemsTableModel,
)

SCORE_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4,
              Qt.Key.Key_5: 5}
NAME_COLUMN, DESCRIPTION_COLUMN = 2, 3
TEXT_WEIGHTS = {ENTRY_COLUMN: 1.1, NAME_COLUMN: 0.8, DESCRIPTION_COLUMN: 1.3}
"""How the text columns share the width the short ones leave: a description is a sentence
or two, an entry's title a line, an item's name a few words."""
TEXT_FLOOR = 120
ROW_LINES = 2
"""Lines of text a row shows before it ends in "…" (the tooltip holds the whole text). The
rows keep one fixed height: a table of millions of rows is never measured."""


class TableOwner(Protocol):
    """What the table's keys act through (the Items view)."""

    def score_current(self, value: int) -> bool: ...

    def open_current(self) -> None: ...


class ScoreDelegate(RelevancyDelegate):
    """Pips and number centred in the one-line row, and a 1–5 spin box when edited
    (double-click, F2)."""

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
        editor.setAccessibleName("Relevancy")
        return editor


class ItemsTable(QTableView):
    """The table: keys 1–5 score the current row, Enter or O opens its entry."""

    def __init__(self, owner: TableOwner, model: ItemsTableModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._owner = owner
        self.setObjectName("itemsTable")
        self.setModel(model)
        self.setItemDelegateForColumn(RELEVANCY_COLUMN, ScoreDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)  # within the fixed height below, the last line elided
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(
            ROW_LINES * self.fontMetrics().lineSpacing() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(model.sort_column(), Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        widths = {SECTION_COLUMN: metrics.horizontalAdvance("Technology") + 24,
                  IMPORTED_COLUMN: metrics.horizontalAdvance("Imported") + 28,
                  RELEVANCY_COLUMN: max(RelevancyDelegate.width_for(metrics),
                                        metrics.horizontalAdvance("Relevancy") + 28),
                  REVIEWED_COLUMN: metrics.horizontalAdvance("Reviewed") + 28}
        for column, width in widths.items():
            header.resizeSection(column, width)
        self._short_width = sum(widths.values())

    def fit_columns(self) -> None:
        """The texts share what the short columns leave, by weight, so that the score is
        always in view rather than off to the right of a narrow pane. Run as the table's
        width changes; a column dragged wider meanwhile keeps its width until then."""
        room = self.viewport().width() - self._short_width
        if room <= 0:
            return
        floors = dict.fromkeys(TEXT_WEIGHTS, min(TEXT_FLOOR, room // len(TEXT_WEIGHTS)))
        widths = share_widths(room, list(TEXT_WEIGHTS), TEXT_WEIGHTS, floors)
        widths[DESCRIPTION_COLUMN] += room - sum(widths.values())  # the rounding's pixels
        header = self.horizontalHeader()
        for column, width in widths.items():
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        # The keys 1-5 score the current row: it must show as selected, never only as a
        # faint outline (a key would otherwise score an item the analyst did not pick).
        current = self.currentIndex()
        if not current.isValid() and self.model() is not None and self.model().rowCount():
            current = self.model().index(0, 0)
            self.setCurrentIndex(current)
        elif current.isValid() and not self.selectionModel().hasSelection():
            self.selectRow(current.row())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Shift is allowed: on AZERTY keyboards the digits are shifted.
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                          | Qt.KeyboardModifier.ShiftModifier)
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if plain and event.key() in SCORE_KEYS:
            current = self.currentIndex()
            if current.isValid() and not self.selectionModel().isRowSelected(current.row()):
                self.selectRow(current.row())  # shown first: the next key scores what is seen
                return
            self._owner.score_current(SCORE_KEYS[event.key()])
            return
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_O):
            self._owner.open_current()
            return
        super().keyPressEvent(event)
