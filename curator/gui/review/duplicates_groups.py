"""The Duplicates tab's list of groups found: one row a group, with why and how alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from ...core.duplicates import DuplicateGroup
from ..widgets.list_model import Index, ListModel


class GroupModel(ListModel):
    """The groups found, one row each. Holds them: a computed result the finder bounds."""

    COLUMNS = ("Why", "Similarity", "Entries", "Titles")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[DuplicateGroup] = []
        self.titles: dict[str, str] = {}

    def set_groups(self, groups: list[DuplicateGroup], titles: dict[str, str]) -> None:
        self.beginResetModel()
        self.groups, self.titles = list(groups), titles
        self.endResetModel()

    def remove(self, rows: set[int]) -> None:
        for row in sorted(rows, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.groups[row]
            self.endRemoveRows()

    def _rows(self) -> list[DuplicateGroup]:
        return self.groups

    # Qt model interface

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.groups):
            return None
        group = self.groups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return group.reason
            if column == 1:
                return f"{group.similarity:.0f}"
            if column == 2:
                return str(len(group.ids))
            if column == 3:
                return " · ".join(self.titles.get(i, i) for i in group.ids)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return "\n".join(f"{i}  {self.titles.get(i, '')}" for i in group.ids)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
