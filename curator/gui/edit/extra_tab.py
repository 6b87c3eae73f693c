"""The tab of the sections Curator does not know: each a plain table of editable cells."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.model import Entry
from .grid import GridEditor
from .grid_model import GridModel
from .tab import EditTab, hint_label, scrolling
from .validation import FieldError


class ExtraSectionsTab(EditTab):
    """One table per extra section (a bullet list is a table of one column); the names
    and columns stay as the file had them."""

    title = "More"
    keys = ("extra_sections",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections: list[dict[str, Any]] = []
        self.editors: list[GridEditor] = []
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.setContentsMargins(12, 10, 12, 12)
        self.column.setSpacing(10)
        self.column.addWidget(hint_label(
            "Sections of the file that Curator does not know, kept as they were."))
        self.column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(self.content))
        self._read_only = False

    def load(self, entry: Entry) -> None:
        for editor in self.editors:
            editor.setParent(None)
            editor.deleteLater()
        self.editors = []
        self.sections = [{"name": s.name, "columns": list(s.columns)} for s in entry.extra_sections]
        for section in entry.extra_sections:
            headers = section.columns or [section.name]
            editor = GridEditor(
                GridModel(headers, section.rows), ("row", "rows"), title=section.name, fit_height=10
            )
            if not section.columns:
                editor.grid.horizontalHeader().hide()  # a bullet list: its title says it all
            editor.model.edited.connect(self.changed)
            editor.set_read_only(self._read_only)
            self.column.insertWidget(self.column.count() - 1, editor)
            self.editors.append(editor)

    def values(self) -> dict[str, Any]:
        return {"extra_sections": [
            {**section, "rows": [list(row.cells) for row in editor.model.rows]}
            for section, editor in zip(self.sections, self.editors, strict=True)
        ]}

    def show_errors(self, errors: list[FieldError]) -> dict[str, str]:
        shown: dict[str, str] = {}
        for number, editor in enumerate(self.editors):
            cells: dict[tuple[int, int], str] = {}
            loose: list[str] = []
            for error in errors:
                loc = error.loc
                if loc[:2] != ("extra_sections", number):
                    continue
                shown.setdefault(error.path, error.message)
                if len(loc) >= 5 and loc[2] == "rows":
                    cells.setdefault((int(loc[3]), int(loc[4])), error.message)
                elif len(loc) >= 4 and loc[2] == "rows":
                    cells.setdefault((int(loc[3]), -1), error.message)
                elif not self.sections[number]["columns"]:
                    # "a list item must not be empty": point at the empty items.
                    empty = [r for r, row in enumerate(editor.model.rows)
                             if not row.cells[0].strip()]
                    cells.update({(r, 0): error.message for r in empty})
                    if not empty:
                        loose.append(error.message)
                else:
                    loose.append(error.message)
            editor.model.set_marks(cells)
            editor.show_problems(loose)
        return shown

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for editor in self.editors:
            editor.set_read_only(read_only)

    def commit(self) -> None:
        for editor in self.editors:
            editor.grid.commit_open_editor()
