"""An editable grid: the table, its row buttons and keys, and a line naming its problems."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.messages import place
from ..widgets.column_widths import share_widths
from ..widgets.highlight import plain_label
from .delegates import RelevancyDelegate, TextCellDelegate, refuse_relevancy
from .grid_model import GridModel
from .marks import MessageLabel

WRAP_ROW_LIMIT = 200
"""Above this many rows, rows keep one line instead of being measured one by one."""
MIN_COLUMN = 60
MAX_FLOOR = 150
RELEVANCY_KEYS = {"1", "2", "3", "4", "5"}


class Grid(QTableView):
    """A table of cells edited in place; keys 1–5 on a relevancy cell set it directly.

    Columns share the width by weight (the analyst can still drag them); rows grow to show
    wrapped text (up to a few lines) while the table is small enough to measure.
    """

    def __init__(self, model: GridModel, weights: Sequence[float] = (), *, fit_height: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header_width = -1  # updateGeometries runs from setModel on
        self.setModel(model)
        self.grid_model = model
        self.weights = list(weights)
        self.fit_height = fit_height
        """Grow to show up to this many rows (0: fill the room the layout gives)."""
        self.setItemDelegate(TextCellDelegate(self))
        self.relevancy_column: int | None = getattr(model, "relevancy_column", None)
        if self.relevancy_column is not None:
            self.relevancy_delegate = RelevancyDelegate(self)
            self.setItemDelegateForColumn(self.relevancy_column, self.relevancy_delegate)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self.fit_rows)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.rowsMoved,
                       model.modelReset):
            signal.connect(self.schedule_fit)
        model.modelReset.connect(self.fit_columns)
        header.sectionResized.connect(self._column_resized)
        self.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self._fitting = False
        self.refusal = ""
        """The last refused key on a relevancy cell, as said to the analyst."""

    def schedule_fit(self) -> None:
        self._fit_timer.start(0)

    def _current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        """The current row shows its cells' whole text; the one left goes back to a few
        lines (see TextCellDelegate.sizeHint)."""
        for index in (previous, current):
            if index.isValid():
                self.resizeRowToContents(index.row())
        self.schedule_fit()

    def _column_resized(self) -> None:
        if not self._fitting:
            self.schedule_fit()

    def fit_columns(self) -> None:
        """Share the width among the columns by weight; a relevancy column keeps its size."""
        count = self.grid_model.columnCount()
        if not count:
            return
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        # Keep room for the scroll bar whether or not it shows, so the two never chase each other.
        available = self.width() - 2 * self.frameWidth() - self.verticalHeader().width() - scroll
        widths: dict[int, int] = {}
        if self.relevancy_column is not None:
            widths[self.relevancy_column] = max(
                self.relevancy_delegate.pips_width()
                + self.fontMetrics().horizontalAdvance(" was 5 ") + 6,
                self.horizontalHeader().sectionSizeFromContents(self.relevancy_column).width(),
            )
        flexible = [c for c in range(count) if c not in widths]
        weight = {c: self.weights[c] if c < len(self.weights) else 1.0 for c in flexible}
        room = max(available - sum(widths.values()), 0)
        floors = {c: self._floor(c) for c in flexible}
        scale = min(1.0, room / (sum(floors.values()) or 1))
        floors = {c: max(MIN_COLUMN, int(f * scale)) for c, f in floors.items()}
        widths.update(share_widths(room, flexible, weight, floors, MIN_COLUMN))
        self._fitting = True
        try:
            for column, width in widths.items():
                self.setColumnWidth(column, width)  # the last one also stretches to the edge
        finally:
            self._fitting = False
        self._header_width = self.verticalHeader().width()
        self.schedule_fit()

    def _floor(self, column: int) -> int:
        # Wide enough for the header and the longest word (within reason), so that text
        # wraps between words rather than inside them.
        metrics = self.fontMetrics()
        words = {
            word
            for row in self.grid_model.rows[:WRAP_ROW_LIMIT]
            for word in str(row.cells[column] or "").split()
        }
        longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        header = self.horizontalHeader().sectionSizeFromContents(column).width()
        return min(max(longest + 2 * TextCellDelegate.PAD_X + 4, header), MAX_FLOOR)

    def fit_rows(self) -> None:
        rows = self.grid_model.rowCount()
        if rows <= WRAP_ROW_LIMIT:
            self.resizeRowsToContents()
        if self.fit_height:
            line = self.verticalHeader().defaultSectionSize()
            shown = sum(self.rowHeight(r) for r in range(min(rows, self.fit_height)))
            shown += line * max(0, 2 - rows)  # room to see that the table is empty
            self.setVerticalScrollBarPolicy(
                Qt.ScrollBarPolicy.ScrollBarAsNeeded if rows > self.fit_height
                else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            )
            head, bar = self.horizontalHeader(), self.horizontalScrollBar()
            header = head.sizeHint().height() if head.isVisible() else 0
            scroll = bar.sizeHint().height() if bar.isVisible() else 0
            self.setFixedHeight(header + shown + scroll + 2 * self.frameWidth() + 2)

    def editable(self) -> bool:
        return self.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers

    def commit_open_editor(self) -> None:
        """Write what an open cell editor holds into the model (before a save)."""
        if self.state() == QAbstractItemView.State.EditingState:
            editor = self.indexWidget(self.currentIndex())
            if editor is not None:
                self.commitData(editor)

    # Qt widget interface

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            self.relevancy_column is not None
            and index.isValid()
            and index.column() == self.relevancy_column
            and event.text() in RELEVANCY_KEYS
            and modifiers == Qt.KeyboardModifier.NoModifier
            and self.editable()
        ):
            self.grid_model.setData(index, int(event.text()))
            event.accept()
            return
        if (
            self.relevancy_column is not None
            and index.isValid()
            and index.column() == self.relevancy_column
            and event.text().strip() and event.text().isprintable()
            and modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
            and self.editable()
        ):
            # Any other character would open the spin box only to be dropped there: say why.
            self.refusal = refuse_relevancy(self.viewport(), self.visualRect(index).bottomLeft(),
                                            event.text())
            event.accept()
            return
        super().keyPressEvent(event)

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # Row numbers gain a "⚠" when a row has a problem: the columns then have less room.
        if self.verticalHeader().width() != self._header_width:
            self._header_width = self.verticalHeader().width()
            QTimer.singleShot(0, self, self.fit_columns)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()


class GridEditor(QWidget):
    """A grid with Add / Insert / Remove / Up / Down and a message line under it."""

    def __init__(
        self,
        model: GridModel,
        noun: tuple[str, str] = ("row", "rows"),
        weights: Sequence[float] = (),
        *,
        title: str = "",
        fit_height: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        model.setParent(self)
        self.noun = noun
        self.grid = Grid(model, weights, fit_height=fit_height)
        self.grid.setAccessibleName(title or noun[1].capitalize())
        self.title = plain_label(wrap=False, selectable=False)
        self.title_text = title
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.message = MessageLabel()

        act = self._action
        self.add_action = act("Add", f"Add a {noun[0]} at the end", QKeySequence("Ctrl+Return"),
                              self.add)
        self.insert_action = act("Insert", f"Insert a {noun[0]} above the current one",
                                 QKeySequence(Qt.Key.Key_Insert), self.insert)
        self.remove_action = act("Remove", f"Remove the selected {noun[1]}",
                                 QKeySequence(Qt.Key.Key_Delete), self.remove)
        self.up_action = act("Up", f"Move the {noun[0]} up", QKeySequence("Ctrl+Up"),
                             lambda: self.move(-1))
        self.down_action = act("Down", f"Move the {noun[0]} down", QKeySequence("Ctrl+Down"),
                               lambda: self.move(1))

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.title)
        bar.addStretch(1)
        self.buttons: list[QToolButton] = []
        for action in (self.add_action, self.insert_action, self.remove_action, self.up_action,
                       self.down_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(False)
            bar.addWidget(button)
            self.buttons.append(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        if fit_height:
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        model.rowsInserted.connect(self._update_actions)
        model.rowsRemoved.connect(self._update_actions)
        model.rowsMoved.connect(self._update_actions)
        model.modelReset.connect(self._update_actions)
        self.grid.selectionModel().currentChanged.connect(self._update_actions)
        self._read_only = False
        self._update_actions()

    def _action(self, text: str, tip: str, keys: QKeySequence, slot) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        action.setShortcut(keys)
        # Only while the grid has focus: in a cell editor, Delete deletes a character.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setToolTip(f"{tip} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.grid.addAction(action)
        return action

    def _update_actions(self) -> None:
        rows = self.model.rowCount()
        current = self.grid.currentIndex().row() if self.grid.currentIndex().isValid() else -1
        editable = not self._read_only
        self.add_action.setEnabled(editable)
        self.insert_action.setEnabled(editable)
        self.remove_action.setEnabled(editable and current >= 0)
        self.up_action.setEnabled(editable and current > 0)
        self.down_action.setEnabled(editable and 0 <= current < rows - 1)
        self.title.setText(f"{self.title_text} ({rows})" if self.title_text else "")
        self.title.setVisible(bool(self.title_text))

    def _go_to(self, row: int, column: int | None = None, *, edit: bool = False) -> None:
        if not 0 <= row < self.model.rowCount():
            self._update_actions()
            return
        column = self.grid.currentIndex().column() if column is None else column
        index = self.model.index(row, max(column, 0))
        self.grid.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid.scrollTo(index)
        if edit:
            self.grid.setFocus()
            self.grid.edit(index)
        self._update_actions()

    def add(self) -> int:
        """Add an empty row at the end and start editing it; its number."""
        row = self.model.add_row()
        self._go_to(row, 0, edit=True)
        return row

    def insert(self) -> int:
        """Insert an empty row above the current one (at the top without one)."""
        current = self.grid.currentIndex()
        row = self.model.add_row(current.row() if current.isValid() else 0)
        self._go_to(row, 0, edit=True)
        return row

    def remove(self) -> None:
        current = self.grid.currentIndex()
        rows = {index.row() for index in self.grid.selectionModel().selectedIndexes()}
        if current.isValid() and current.row() not in rows:
            rows = {current.row()}  # a selection elsewhere is not what the analyst is on
        if not rows:
            return
        self.model.remove(sorted(rows))
        self._go_to(min(min(rows), self.model.rowCount() - 1))

    def move(self, delta: int) -> None:
        current = self.grid.currentIndex()
        if current.isValid():
            self._go_to(self.model.move(current.row(), delta), current.column())

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.model.read_only = read_only
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for button in self.buttons:
            button.setVisible(not read_only)
        self._update_actions()

    def show_problems(self, extra: Sequence[str] = ()) -> None:
        """Name the first problem of the grid under it (the rest are in the cells' tips)."""
        problems = list(extra)
        # The cell's sentence names its field ("Relevancy must be …"): the row adds the place.
        for row, _, message in self.model.marks():
            problems.append(place(f"{self.noun[0].capitalize()} {row + 1}", message))
        if not problems:
            self.message.show_message("")
            return
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        self.message.show_message(problems[0] + more)

