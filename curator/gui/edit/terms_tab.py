"""The Keywords and Themes tab: two lists edited in place, warning of repeated terms."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.model import Entry
from .grid import GridEditor
from .grid_model import GridModel, GridRow
from .marks import MessageLabel
from .tab import EditTab
from .validation import FieldError

TERMS = {"keywords": ("Keywords", "keyword"), "themes": ("Themes", "theme")}


def repeated(terms: list[str]) -> dict[int, str]:
    """Rows whose term appears earlier too, ignoring case: row → the earlier row's text."""
    first: dict[str, int] = {}
    found: dict[int, str] = {}
    for number, term in enumerate(terms):
        folded = term.strip().casefold()
        if not folded:
            continue
        if folded in first:
            found[number] = terms[first[folded]].strip()
        else:
            first[folded] = number
    return found


class TermsTab(EditTab):
    """Keywords above, themes below: add, remove, reorder, edit in place."""

    title = "Keywords & Themes"
    keys = ("keywords", "themes")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, GridEditor] = {}
        self.warnings: dict[str, MessageLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        for key, (title, noun) in TERMS.items():
            editor = GridEditor(GridModel([noun.capitalize()]), (noun, f"{noun}s"), title=title)
            editor.grid.horizontalHeader().hide()
            editor.model.edited.connect(self.changed)
            self.editors[key] = editor
            self.warnings[key] = MessageLabel()
            layout.addWidget(editor, 1)
            layout.addWidget(self.warnings[key])
            if key == "keywords":
                layout.addSpacing(8)

    def load(self, entry: Entry) -> None:
        for key, editor in self.editors.items():
            editor.model.reset_rows([GridRow([term]) for term in getattr(entry, key)])

    def terms(self, key: str) -> list[str]:
        return [row.cells[0] for row in self.editors[key].model.rows]

    def values(self) -> dict[str, Any]:
        return {key: self.terms(key) for key in self.editors}

    def show_errors(self, errors: list[FieldError]) -> dict[str, str]:
        shown: dict[str, str] = {}
        for key, editor in self.editors.items():
            cells: dict[tuple[int, int], str] = {}
            loose: list[str] = []
            for error in errors:
                if error.loc[0] != key:
                    continue
                shown.setdefault(error.path, error.message)
                if len(error.loc) >= 2 and isinstance(error.loc[1], int):
                    cells.setdefault((error.loc[1], 0), error.message)
                else:
                    loose.append(error.message)
            noun = TERMS[key][1]
            twice = {
                (row, 0): f"“{earlier}” is already in the list (ignoring case)"
                for row, earlier in repeated(self.terms(key)).items()
            }
            editor.model.set_marks(cells, twice)
            editor.show_problems(loose)
            if twice:
                names = sorted({self.terms(key)[row].strip() for row, _ in twice}, key=str.casefold)
                self.warnings[key].show_message(
                    f"⚠ Repeated {noun} (ignoring case): " + ", ".join(f"“{n}”" for n in names),
                    "warning"
                )
            else:
                self.warnings[key].show_message("")
        return shown

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)

    def commit(self) -> None:
        for editor in self.editors.values():
            editor.grid.commit_open_editor()
