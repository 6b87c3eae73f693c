"""The calibration view's two lists: the groups found, and the items of one group.

They hold their rows: these are a computed result, bounded by the grouping, not rows of
the library.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from ...core.calibration import Group, Member
from ...core.model import SECTION_TITLES
from ...core.store import ItemKey
from ..widgets.highlight import tooltip_html
from ..widgets.list_model import Index, ListModel


def score_range(group: Group) -> str:
    low, high = min(group.scores), max(group.scores)
    return str(low) if low == high else f"{low}–{high}"


class GroupModel(ListModel):
    """The groups found, one row each. Holds them: they are a computed result, not rows
    of the library, and the grouping already bounds them."""

    COLUMNS = ("Group", "Items", "Scores", "Spread")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[Group] = []
        self._flag_icon: QIcon | None = None

    def _rows(self) -> list[Group]:
        return self.groups

    def set_groups(self, groups: list[Group]) -> None:
        self.beginResetModel()
        self.groups = list(groups)
        self.endResetModel()

    def replace(self, row: int, group: Group) -> None:
        self.groups[row] = group
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # Qt model interface

    def data(self, index: Index,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.groups):
            return None
        group = self.groups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return " ".join(group.label.split())
            if column == 1:
                return len(group.members)
            if column == 2:
                return score_range(group)
            return group.spread
        if role == Qt.ItemDataRole.ToolTipRole:
            text = group.label
            if group.flagged:
                text += f"\n\nScored {group.spread} points apart: worth a second look."
            return tooltip_html(text)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and group.flagged:
            if self._flag_icon is None:
                self._flag_icon = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._flag_icon
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class MemberModel(ListModel):
    """The items of one group: entry, section, label and score, highest score first."""

    COLUMNS = ("Entry", "Section", "Item", "Score")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.members: list[Member] = []
        self.titles: dict[str, str] = {}

    def _rows(self) -> list[Member]:
        return self.members

    def set_members(self, members: list[Member], titles: dict[str, str]) -> None:
        self.beginResetModel()
        self.members = list(members)
        self.titles = titles
        self.endResetModel()

    def key(self, row: int) -> ItemKey | None:
        return self.members[row][0] if 0 <= row < len(self.members) else None

    # Qt model interface

    def data(self, index: Index,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.members):
            return None
        (entry_id, section, position), label, score = self.members[index.row()]
        title = self.titles.get(entry_id, entry_id)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (" ".join(title.split()), SECTION_TITLES.get(section, section),
                    " ".join(label.split()), score)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return tooltip_html(f"{title}\n\nDouble-click to open the entry.")
            if column == 2:
                return tooltip_html(f"{label}\n\n{SECTION_TITLES.get(section, section)} "
                                    f"{position + 1} of the entry")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
