"""An editable table of one-line text cells, each able to carry an error or a warning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush

from ..widgets.highlight import tooltip_html
from .marks import ERROR_FILL, ERROR_ROLE, WARNING_FILL, WARNING_ROLE
from .validation import one_line

Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class GridRow:
    """The cells of a row, what the grid keeps of it unseen, and its current marks."""

    cells: list[Any]
    meta: dict[str, Any] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    """Column → message; column -1 is a problem of the whole row."""
    warnings: dict[int, str] = field(default_factory=dict)


class GridModel(QAbstractTableModel):
    """Rows of text cells the analyst edits in place, adds, removes and moves.

    It holds its rows (one entry's items: at most a few thousand). Marks are kept on the
    row objects, so a row moved or inserted above keeps its own until the next check.
    """

    edited = Signal()
    """Any change the analyst made: a cell, or rows added, removed or moved."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[Any]] = (),
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.headers = list(headers)
        self.rows = [GridRow(list(cells)) for cells in rows]
        self.read_only = False

    def new_row(self) -> GridRow:
        return GridRow([""] * len(self.headers))

    def reset_rows(self, rows: Sequence[GridRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def cell(self, row: int, column: int) -> Any:  # noqa: ANN401
        return self.rows[row].cells[column]

    def clean(self, column: int, value: Any) -> Any:  # noqa: ANN401, ARG002
        """What a cell keeps of a value typed into it."""
        return one_line(value) if isinstance(value, str) else "" if value is None else str(value)

    def display(self, row: int, column: int) -> str:
        value = self.rows[row].cells[column]
        return "" if value is None else str(value)

    def tooltip(self, row: int, column: int) -> str | None:
        grid_row = self.rows[row]
        text = self.display(row, column)
        notes = [m for m in (grid_row.errors.get(column), grid_row.warnings.get(column)) if m]
        if not notes:
            return tooltip_html(text) if len(text) > 40 else None
        body = "\n".join(notes) + (f"\n\n{text}" if text else "")
        return tooltip_html(body)

    # --- marks --------------------------------------------------------------------------

    def set_marks(self, errors: dict[tuple[int, int], str],
                  warnings: dict[tuple[int, int], str] | None = None) -> None:
        """Replace every mark: (row, column) → message; column -1 marks the whole row."""
        by_row: dict[int, tuple[dict[int, str], dict[int, str]]] = {}
        for marks, slot in ((errors, 0), (warnings or {}, 1)):
            for (row, column), message in marks.items():
                by_row.setdefault(row, ({}, {}))[slot][column] = message
        changed = False
        for number, grid_row in enumerate(self.rows):
            row_errors, row_warnings = by_row.get(number, ({}, {}))
            if row_errors != grid_row.errors or row_warnings != grid_row.warnings:
                grid_row.errors, grid_row.warnings = row_errors, row_warnings
                changed = True
        if changed and self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, len(self.headers) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole, ERROR_ROLE,
                 WARNING_ROLE],
            )
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.rows) - 1)

    def marks(self) -> list[tuple[int, int, str]]:
        """Every error, in row order: (row, column, message)."""
        return [(r, c, m) for r, row in enumerate(self.rows) for c, m in sorted(row.errors.items())]

    # --- what the analyst does ----------------------------------------------------------

    def add_row(self, at: int | None = None) -> int:
        """Insert a new row before `at` (None: at the end); its number."""
        at = len(self.rows) if at is None else max(0, min(at, len(self.rows)))
        self.insertRows(at, 1)
        return at

    def remove(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.removeRows(row, 1)

    def move(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); the row it ends at."""
        target = row + delta
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)) or delta == 0:
            return row
        self.moveRows(QModelIndex(), row, 1, QModelIndex(), target + 1 if delta > 0 else target)
        return target

    # Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: ANN401
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        grid_row = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return grid_row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == ERROR_ROLE:
            return grid_row.errors.get(column)
        if role == WARNING_ROLE:
            return grid_row.warnings.get(column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column in grid_row.errors:
                return QBrush(ERROR_FILL)
            if column in grid_row.warnings:
                return QBrush(WARNING_FILL)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: ANN401
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        cells = self.rows[index.row()].cells
        value = self.clean(index.column(), value)
        if cells[index.column()] == value and type(cells[index.column()]) is type(value):
            return True
        cells[index.column()] = value
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if self.read_only else flags | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: ANN401
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:  # column names can come from the file
                return tooltip_html(self.headers[section])
        elif orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            if role == Qt.ItemDataRole.DisplayRole:
                marked = self.rows[section].errors
                return f"⚠ {section + 1}" if marked else str(section + 1)
        return None

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or count < 1 or not 0 <= row <= len(self.rows) or self.read_only:
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self.rows[row:row] = [self.new_row() for _ in range(count)]
        self.endInsertRows()
        self.edited.emit()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if (parent.isValid() or count < 1 or row < 0 or row + count > len(self.rows)
                or self.read_only):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self.rows[row : row + count]
        self.endRemoveRows()
        self.edited.emit()
        return True

    def moveRows(self, source_parent: Index, source_row: int, count: int,
                 destination_parent: Index, destination_child: int) -> bool:
        if (
            source_parent.isValid() or destination_parent.isValid() or self.read_only or count < 1
            or source_row < 0 or source_row + count > len(self.rows)
            or not 0 <= destination_child <= len(self.rows)
            or source_row <= destination_child <= source_row + count
        ):
            return False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1, QModelIndex(),
                                  destination_child):
            return False
        moving = self.rows[source_row : source_row + count]
        del self.rows[source_row : source_row + count]
        at = destination_child if destination_child < source_row else destination_child - count
        self.rows[at:at] = moving
        self.endMoveRows()
        self.edited.emit()
        return True
