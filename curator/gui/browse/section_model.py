"""The rows of one table of the entry on screen, a scored section or one Curator does not know."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from ...core.model import COLUMN_FIELDS, SECTION_COLUMNS, ExtraSection, Item
from ...core.search_match import match_spans
from ..widgets.highlight import text_direction, tooltip_html

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The (start, end) spans of a cell's text that match the search."""
LABEL_ROLE = Qt.ItemDataRole.UserRole + 3
"""The (start, end) spans of a cell's text that are labels ("Change:"), not entry text."""
PARTS_ROLE = Qt.ItemDataRole.UserRole + 4
"""The (label, text) parts a composed cell was made of, empty ones included."""

Span = tuple[int, int]
Parts = tuple[tuple[str, str], ...]
Cell = str | int | Parts
"""A cell of text, a relevancy, or labelled parts shown one per line."""

SIGNAL_DETAILS = (
    ("description", ""),
    ("change", "Change"),
    ("10-year", "In 10 years"),
    ("driving-force", "Driving force"),
)
"""A signal's text columns, in one Details cell under these labels: as six columns they
left a detail pane too narrow for whole words."""

_COLUMN_TITLES = {
    "name": "Name",
    "description": "Description",
    "details": "Details",
    "relevancy": "Relevancy",
    "src": "Source",
}


def _compose(parts: Parts, words: Sequence[str]) -> tuple[str, list[Span], list[Span]]:
    # The parts with text, one per line, each but an unlabelled one after "Label: ". The
    # search is matched in each part's own text, so a label never counts as a match.
    text = ""
    labels: list[Span] = []
    marks: list[Span] = []
    for label, value in parts:
        if not value:
            continue
        if text:
            text += "\n"
        if label:
            labels.append((len(text), len(text) + len(label) + 1))
            # Before right-to-left text the colon would join that text and end up on the
            # label's far side; a left-to-right mark keeps it with the label.
            rtl = text_direction(value) == Qt.LayoutDirection.RightToLeft
            text += f"{label}:\u200e " if rtl else f"{label}: "
        marks += [(len(text) + begin, len(text) + end) for begin, end in match_spans(value, words)]
        text += value
    return text, labels, marks


class SectionTableModel(QAbstractTableModel):
    """The rows of one table of the entry on screen.

    Unlike the library's entry list this model holds its rows: they are one entry's items
    (at most a few thousand), read-only here, and rebuilt whenever another entry is shown.
    """

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        *,
        relevancy_column: int | None = None,
        imported: Sequence[int | None] = (),
        words: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[list[str | int]] = []
        """Each cell as shown: labelled parts are composed into one text."""
        self.relevancy_column = relevancy_column
        self.imported = list(imported) or [None] * len(rows)
        self.parts: dict[tuple[int, int], Parts] = {}
        self.labels: dict[tuple[int, int], list[Span]] = {}
        self.highlights: dict[tuple[int, int], list[Span]] = {}
        for r, row in enumerate(rows):
            shown: list[str | int] = []
            for c, cell in enumerate(row):
                if isinstance(cell, tuple):
                    self.parts[r, c] = cell
                    cell, self.labels[r, c], spans = _compose(cell, words)
                else:
                    spans = match_spans(cell, words) if isinstance(cell, str) else []
                if spans:
                    self.highlights[r, c] = spans
                shown.append(cell)
            self.rows.append(shown)

    def relevancy_tooltip(self, row: int) -> str:
        value = self.rows[row][self.relevancy_column]  # type: ignore[index]
        text = f"Relevancy {value} of 5"
        imported = self.imported[row]
        if imported is not None and imported != value:
            text += f" (imported: {imported})"
        return text

    # Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex,  # noqa: ANN201
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        cell = self.rows[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell
        if role == SORT_ROLE:
            return cell if isinstance(cell, int) else cell.casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.relevancy_column:
                return self.relevancy_tooltip(row)
            return tooltip_html(cell) if cell else None  # type: ignore[arg-type]
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.relevancy_column:
            return self.relevancy_tooltip(row)
        if role == HIGHLIGHT_ROLE:
            return self.highlights.get((row, column))
        if role == LABEL_ROLE:
            return self.labels.get((row, column))
        if role == PARTS_ROLE:
            parts = self.parts.get((row, column))
            return list(parts) if parts is not None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: ANN201
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:  # extra column names come from the file
                return tooltip_html(self.headers[section])
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def section_model(
    section: str, items: Sequence[Item], words: Sequence[str] = (), parent: QWidget | None = None
) -> SectionTableModel:
    """A table of one of the five scored sections: its known columns, relevancy, extras.

    Signals show Name | Details | Relevancy, their four text columns in Details.
    """
    known = SECTION_COLUMNS[section]
    if section == "signals":
        columns = ["name", "details"]
    else:
        columns = [c for c in known if c not in ("relevancy", "src")]
    columns.append("relevancy")
    columns += [c for c in known if c == "src"]
    extra: dict[str, None] = {}
    for item in items:
        extra.update(dict.fromkeys(item.extra))

    def cell(item: Item, column: str) -> Cell:
        if column == "details":
            return tuple((label, getattr(item, COLUMN_FIELDS[c])) for c, label in SIGNAL_DETAILS)
        return getattr(item, COLUMN_FIELDS[column])

    rows = [
        [cell(item, column) for column in columns] + [item.extra.get(name, "") for name in extra]
        for item in items
    ]
    return SectionTableModel(
        [_COLUMN_TITLES[c] for c in columns] + list(extra),
        rows,
        relevancy_column=columns.index("relevancy"),
        imported=[item.relevancy_imported for item in items],
        words=words,
        parent=parent,
    )


def extra_section_model(
    section: ExtraSection, words: Sequence[str] = (), parent: QWidget | None = None
) -> SectionTableModel:
    """A section Curator does not know, as a plain table (a bullet list has one column)."""
    headers = section.columns or [section.name]
    return SectionTableModel(headers, section.rows, words=words, parent=parent)
