"""The grid model of one scored section: its items' columns, relevancy, and extra columns."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt

from ...core.model import COLUMN_FIELDS, SECTION_COLUMNS, Item
from .grid_model import GridModel, GridRow, Index

COLUMN_TITLES = {
    "name": "Name",
    "description": "Description",
    "change": "Change",
    "10-year": "10-year",
    "driving-force": "Driving force",
    "relevancy": "Relevancy",
    "src": "Source",
}

RELEVANCY_VALUE_ROLE = Qt.ItemDataRole.UserRole + 22
"""The relevancy as the form holds it: an int (maybe out of range), None, or stray text."""
IMPORTED_VALUE_ROLE = Qt.ItemDataRole.UserRole + 23
"""The value the item was imported with, or None for an item added here."""


def relevancy_value(value: Any) -> int | str | None:  # noqa: ANN401
    """A typed relevancy as the form keeps it: digits become an int, blank becomes None,
    anything else stays text (and the model says it is not a whole number)."""
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text) if text.isascii() else text
    except ValueError:
        return text


class ItemModel(GridModel):
    """The items of one section (signals, concerns, …) as rows of editable cells.

    The known columns come first (the seed file's order, but relevancy second), then every
    extra column any item has. What a row does not show (relevancy_imported, reviewed, which
    extra columns the item had) rides along in its meta and goes back unchanged.
    """

    def __init__(self, section: str, items: list[Item] | None = None, parent=None) -> None:  # noqa: ANN001
        self.section = section
        # Relevancy right after the first column: the score is what the analyst edits most,
        # and a narrow pane must not scroll it out of sight.
        known = [c for c in SECTION_COLUMNS[section] if c != "relevancy"]
        self.columns = [known[0], "relevancy", *known[1:]]
        self.relevancy_column = self.columns.index("relevancy")
        super().__init__([COLUMN_TITLES[c] for c in self.columns], parent=parent)
        self.extra_columns: list[str] = []
        self.load(items or [])

    def load(self, items: list[Item]) -> None:
        extra: dict[str, None] = {}
        for item in items:
            extra.update(dict.fromkeys(item.extra))
        self.extra_columns = list(extra)
        rows = []
        for item in items:
            values = item.model_dump()
            cells: list[Any] = [values[COLUMN_FIELDS[c]] for c in self.columns]
            cells += [item.extra.get(name, "") for name in self.extra_columns]
            rows.append(GridRow(cells, {
                "relevancy_imported": item.relevancy_imported,
                "reviewed": item.reviewed,
                "loaded": item.relevancy,
                "extra_keys": set(item.extra),
            }))
        self.beginResetModel()
        self.headers = [COLUMN_TITLES[c] for c in self.columns] + self.extra_columns
        self.rows = rows
        self.endResetModel()

    def new_row(self) -> GridRow:
        cells: list[Any] = ["" for _ in self.headers]
        cells[self.relevancy_column] = None  # the analyst has to choose one
        return GridRow(cells, {"relevancy_imported": None, "reviewed": False, "loaded": None,
                               "extra_keys": set()})

    def values(self) -> list[dict[str, Any]]:
        """The rows as item dicts for the entry model to check."""
        items = []
        width = len(self.columns)
        for row in self.rows:
            item: dict[str, Any] = {
                "relevancy_imported": row.meta["relevancy_imported"],
                "reviewed": row.meta["reviewed"],
            }
            for column, name in enumerate(self.columns):
                value = row.cells[column]
                if column == self.relevancy_column and value is None:
                    continue  # left out, the model says "Field required"
                item[COLUMN_FIELDS[name]] = value
            item["extra"] = {
                name: row.cells[width + offset]
                for offset, name in enumerate(self.extra_columns)
                if name in row.meta["extra_keys"] or row.cells[width + offset]
            }
            items.append(item)
        return items

    def column_of(self, field: str) -> int | None:
        """The column showing an item field (`ten_year`) or an extra column name."""
        for column, name in enumerate(self.columns):
            if COLUMN_FIELDS[name] == field:
                return column
        return None

    def imported(self, row: int) -> int | None:
        meta = self.rows[row].meta
        imported = meta["relevancy_imported"]
        return imported if imported is not None else meta["loaded"]

    def clean(self, column: int, value: Any) -> Any:  # noqa: ANN401
        if column == self.relevancy_column:
            return relevancy_value(value)
        return super().clean(column, value)

    def display(self, row: int, column: int) -> str:
        value = self.rows[row].cells[column]
        if column != self.relevancy_column:
            return super().display(row, column)
        text = "" if value is None else str(value)
        was = self.imported(row)
        if was is not None and value != was:
            text += f" (was {was})"
        return text

    def relevancy_text(self, row: int) -> str:
        value = self.rows[row].cells[self.relevancy_column]
        text = "No relevancy yet" if value is None else f"Relevancy {value} of 5"
        was = self.imported(row)
        if was is not None and value != was:
            text += f"; imported as {was}"
        return text

    def tooltip(self, row: int, column: int) -> str | None:
        if column == self.relevancy_column and not self.rows[row].errors.get(column):
            return html.escape(self.relevancy_text(row))
        return super().tooltip(row, column)

    # Qt model interface

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: ANN401
        if index.isValid() and index.column() == self.relevancy_column:
            if role == RELEVANCY_VALUE_ROLE:
                return self.rows[index.row()].cells[self.relevancy_column]
            if role == IMPORTED_VALUE_ROLE:
                return self.imported(index.row())
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return self.relevancy_text(index.row())
        return super().data(index, role)
