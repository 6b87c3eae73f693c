"""A table of the detail view: as tall as its rows, its columns sharing the pane's width."""

from __future__ import annotations

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

from ...core.copying import CopiedRows
from ..widgets.cell_delegates import RelevancyDelegate, TextDelegate
from ..widgets.clipboard import put_on_clipboard
from ..widgets.column_widths import share_widths
from .section_model import PARTS_ROLE, SORT_ROLE, SectionTableModel

MAX_FITTED_ROWS = 15
"""Tables grow to show this many rows; longer ones scroll inside."""
WRAP_ROW_LIMIT = 200
"""Above this many rows, rows keep one line (elided) instead of being measured one by one."""
MAX_ROW_LINES = 30
"""A taller cell is elided: one huge cell should not push the rest of the entry away."""


class SectionTable(QTableView):
    """A table as tall as its rows (up to MAX_FITTED_ROWS), columns sharing the width."""

    copied = Signal(int)
    """Rows were put on the clipboard: how many."""

    def __init__(self, model: SectionTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = model
        model.setParent(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setItemDelegate(TextDelegate(self))
        if model.relevancy_column is not None:
            self.setItemDelegateForColumn(model.relevancy_column, RelevancyDelegate(self))
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # file order until clicked
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)
        self.wraps = model.rowCount() <= WRAP_ROW_LIMIT
        # Word wrap is what makes the view tell a delegate's sizeHint its column's width.
        self.setWordWrap(self.wraps)
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if model.rowCount() <= MAX_FITTED_ROWS
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOn  # a steady width for the columns
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._weights = self._column_weights()
        self._floors = self._column_floors()
        self.proxy.layoutChanged.connect(self.fit_rows)
        # Ctrl+C copies rows, as in the entry list; only while the table has the focus, so
        # that a selected sentence of the text around it is still copied as text.
        self.copy_action = QAction("&Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.setStatusTip("Copy the selected rows, as text with a header row (for a "
                                      "spreadsheet) and as JSON")
        self.copy_action.triggered.connect(self.copy_selected)
        self.addAction(self.copy_action)
        # One line a row until the table gets its width: measuring every cell now, at the
        # default column widths, is thrown away by the first resize (half a detail's cost).
        self._fit_height()

    def selected_rows(self) -> list[int]:
        """The source rows selected (else the current one), in the order shown."""
        shown = sorted({index.row() for index in self.selectionModel().selectedRows()})
        if not shown and self.currentIndex().isValid():
            shown = [self.currentIndex().row()]
        return [self.proxy.mapToSource(self.proxy.index(row, 0)).row() for row in shown]

    def copied_rows(self) -> CopiedRows:
        """The selected rows as shown, a composed cell (a signal's Details) in its parts'
        own columns, so that each lands in a spreadsheet cell of its own."""
        source, rows = self.source, self.selected_rows()
        titles: list[str] = []
        cells: list[list[object]] = [[] for _ in rows]
        for column, header in enumerate(source.headers):
            parts = [source.index(row, column).data(PARTS_ROLE) for row in rows]
            if any(parts):
                # The one unlabelled part is the description the labelled ones follow.
                labels = [label for label, _ in next(p for p in parts if p)]
                titles += [label or "Description" for label in labels]
                for cell, row_parts in zip(cells, parts):
                    cell += [value for _, value in row_parts or [("", "")] * len(labels)]
            else:
                titles.append(header)
                for cell, row in zip(cells, rows):
                    cell.append(source.rows[row][column])
        fields = tuple((title.casefold().replace(" ", "_"), title) for title in titles)
        return CopiedRows(fields, [tuple(cell) for cell in cells])

    def copy_selected(self) -> int:
        """Put the selected rows on the clipboard; how many."""
        copied = self.copied_rows()
        if copied:
            put_on_clipboard(copied)
            self.copied.emit(len(copied))
        return len(copied)

    def _column_weights(self) -> list[float]:
        # Columns of longer text get more room; sqrt keeps short columns from starving.
        count = max(1, self.source.rowCount())
        weights = []
        for column in range(self.source.columnCount()):
            total = sum(len(str(row[column])) for row in self.source.rows)
            weights.append(min(max(total / count, 8.0), 90.0) ** 0.5)
        return weights

    def _column_floors(self) -> list[int]:
        # Wide enough for the header and the longest word a column holds, so that wrapping
        # breaks between words rather than inside them (fit_columns caps it).
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        floors = []
        for column in range(self.source.columnCount()):
            words = {w for row in self.source.rows[:WRAP_ROW_LIMIT]
                     for w in str(row[column]).split()}
            longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
            pad = 2 * TextDelegate.PAD_X + 6
            floors.append(max(longest + pad, header.sectionSizeFromContents(column).width()))
        return floors

    def fit_columns(self) -> None:
        # The viewport's width, as its scroll bars are always on or always off. Not read from
        # viewport(): Python's first wrapping of that widget took some 20 ms in app start.
        available = self.maximumViewportSize().width()
        if available <= 0:
            return
        header = self.horizontalHeader()
        fixed = self.source.relevancy_column
        widths = [0] * self.source.columnCount()
        if fixed is not None:
            widths[fixed] = max(RelevancyDelegate.width_for(self.fontMetrics()),
                                header.sectionSizeFromContents(fixed).width())
            available -= widths[fixed]
        flexible = [c for c in range(len(widths)) if c != fixed]
        # No column's word may take more than half the room: a hash or a URL breaks inside
        # rather than squeeze the others until their words break.
        floors = [min(f, available // 2) for f in self._floors]
        need = sum(floors[c] for c in flexible) or 1
        floors = [int(f * min(1.0, available / need)) for f in floors]
        shared = share_widths(available, flexible, dict(enumerate(self._weights)),
                              dict(enumerate(floors)))
        for column, width in shared.items():
            widths[column] = width
        if flexible:
            widths[flexible[-1]] += available - sum(widths[c] for c in flexible)
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def fit_rows(self) -> None:
        rows = self.proxy.rowCount()
        if self.wraps:
            self.resizeRowsToContents()
            cap = MAX_ROW_LINES * self.fontMetrics().height() + 2 * TextDelegate.PAD_Y + 1
            for row in range(rows):
                if self.rowHeight(row) > cap:
                    self.setRowHeight(row, cap)
        self._fit_height()

    def _fit_height(self) -> None:
        shown = sum(self.rowHeight(row) for row in range(min(self.proxy.rowCount(),
                                                             MAX_FITTED_ROWS)))
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + shown + 2 * self.frameWidth())

    # Qt widget interface

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()
            self.fit_rows()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.height())
