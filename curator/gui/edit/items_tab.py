"""A tab for one scored section (Signals, Concerns, …): its items as an editable grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.model import SECTION_TITLES, Entry
from .grid import GridEditor
from .item_model import ItemModel
from .tab import EditTab
from .validation import FieldError

NOUNS = {
    "signals": ("signal", "signals"),
    "concerns": ("concern", "concerns"),
    "behaviors": ("behavior", "behaviors"),
    "technologies": ("technology", "technologies"),
    "issues": ("issue", "issues"),
}
WEIGHTS = {"name": 1.0, "description": 1.6, "change": 1.2, "10-year": 1.2, "driving-force": 1.2,
           "src": 0.9}


class ItemsTab(EditTab):
    """The items of one section; keys 1–5 on a relevancy cell set it."""

    def __init__(self, section: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.title = SECTION_TITLES[section]
        self.keys = (section,)
        self.model = ItemModel(section)
        weights = [WEIGHTS.get(c, 1.0) for c in self.model.columns]
        self.editor = GridEditor(self.model, NOUNS[section], weights, title=self.title)
        self.model.edited.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addWidget(self.editor)

    def load(self, entry: Entry) -> None:
        self.model.load(entry.items(self.section))
        extra = len(self.model.extra_columns)
        self.editor.grid.weights = [WEIGHTS.get(c, 1.0) for c in self.model.columns] + [1.0] * extra
        self.editor.grid.fit_columns()

    def values(self) -> dict[str, Any]:
        return {self.section: self.model.values()}

    def _column(self, loc: tuple[str | int, ...]) -> int:
        # loc is (section, row, field, ...) or (section, row, "extra", column name, ...)
        if len(loc) >= 4 and loc[2] == "extra" and loc[3] in self.model.extra_columns:
            return len(self.model.columns) + self.model.extra_columns.index(str(loc[3]))
        if len(loc) >= 3:
            column = self.model.column_of(str(loc[2]))
            if column is not None:
                return column
        return -1

    def show_errors(self, errors: list[FieldError]) -> dict[str, str]:
        shown: dict[str, str] = {}
        cells: dict[tuple[int, int], str] = {}
        loose: list[str] = []
        for error in errors:
            if error.loc[0] != self.section:
                continue
            shown.setdefault(error.path, error.message)
            if len(error.loc) >= 2 and isinstance(error.loc[1], int):
                cells.setdefault((error.loc[1], self._column(error.loc)), error.message)
            else:
                loose.append(error.message)
        self.model.set_marks(cells)
        self.editor.show_problems(loose)
        return shown

    def set_read_only(self, read_only: bool) -> None:
        self.editor.set_read_only(read_only)

    def commit(self) -> None:
        self.editor.grid.commit_open_editor()
