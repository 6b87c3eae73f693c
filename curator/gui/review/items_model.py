"""The items table's model: scored items across entries, read a page at a time, sorted in SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt

from ...core.model import SECTION_TITLES
from ...core.store import ItemFilter, ItemKey, ItemRow, Library
from ..widgets.highlight import tooltip_html
from ..widgets.paged_model import Index, PagedTableModel

COLUMNS: tuple[tuple[str, str], ...] = (
    ("section", "Section"),
    ("entry", "Entry"),
    ("label", "Name"),
    ("description", "Description"),
    ("relevancy_imported", "Imported"),
    ("relevancy", "Relevancy"),
    ("reviewed", "Reviewed"),
)
SORTABLE = {"section", "entry", "label", "relevancy_imported", "relevancy", "reviewed"}
"""Columns with an index-backed ORDER BY (ITEM_SORT_COLUMNS); Description has none."""

SECTION_COLUMN = 0
ENTRY_COLUMN = 1
IMPORTED_COLUMN = 4
RELEVANCY_COLUMN = 5
REVIEWED_COLUMN = 6

CACHED_PAGES = 8
"""At most this many pages are kept, however far the user scrolls."""

KeyRole = Qt.ItemDataRole.UserRole + 1
EntryIdRole = Qt.ItemDataRole.UserRole + 2
SetRelevancy = Callable[[ItemKey, int], bool]

_SINGULAR = {"signals": "Signal", "concerns": "Concern", "behaviors": "Behavior",
             "technologies": "Technology", "issues": "Issue"}


def section_label(section: str) -> str:
    return _SINGULAR.get(section, SECTION_TITLES.get(section, section))


def imported_label(row: ItemRow) -> str:
    """The imported score, with an arrow when the score has moved from it since."""
    if row.relevancy_imported is None:
        return "–"
    if row.relevancy > row.relevancy_imported:
        return f"{row.relevancy_imported} ↑"
    if row.relevancy < row.relevancy_imported:
        return f"{row.relevancy_imported} ↓"
    return str(row.relevancy_imported)


class ItemsTableModel(PagedTableModel[ItemRow, ItemFilter]):
    """Items of an ItemFilter; only the row count and a few pages are ever held.

    A score edit goes through the injected `set_relevancy` (the window does the core call
    and the undo command); the model then patches its cached row, so the row stays where
    it is even if it no longer matches the filter, until the next refresh.
    """

    COLUMNS = COLUMNS
    SORTABLE = frozenset(SORTABLE)
    CACHED_PAGES = CACHED_PAGES

    def __init__(self, library: Library | None = None,
                 set_relevancy: SetRelevancy | None = None, parent: Any = None) -> None:
        super().__init__(library, ItemFilter(), "relevancy", True, parent)
        self._set_relevancy = set_relevancy
        self.read_only = False
        """Scores are shown, not edited (a read-only library)."""

    def _count_rows(self) -> int:
        return self._library.items.count(self._filter)

    def _fetch(self, offset: int, limit: int) -> list[ItemRow]:
        return self._library.items.page(self._filter, sort=self._sort,
                                       descending=self._descending, offset=offset, limit=limit)

    def sort_column(self) -> int:
        return [key for key, _ in COLUMNS].index(self._sort)

    def set_filter(self, flt: ItemFilter) -> None:
        if flt == self._filter and self._library is not None:
            return  # the same items: counting millions again would change nothing
        super().set_filter(flt)

    def item_at(self, row: int) -> ItemRow | None:
        return self._row(row)

    def row_key(self, row: int) -> ItemKey | None:
        item = self.item_at(row)
        return item.key if item else None

    def keys(self) -> list[ItemKey]:
        """Every item of the filter, in the table's order, without reading whole rows."""
        if self._library is None:
            return []
        return self._library.items.keys(self._filter, sort=self._sort,
                                       descending=self._descending)

    # -- Qt model interface --------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
                and section == IMPORTED_COLUMN):
            return "The score as imported; an arrow shows it was raised or lowered since"
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (index.isValid() and index.column() == RELEVANCY_COLUMN
                and self._set_relevancy is not None and not self.read_only):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item_at(index.row())
        if item is None:
            return None
        key = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(item, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("relevancy_imported", "reviewed"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == KeyRole:
            return item.key
        if role == EntryIdRole:
            return item.entry_id
        return None

    @staticmethod
    def _display(item: ItemRow, key: str) -> Any:
        if key == "section":
            return section_label(item.section)
        if key == "entry":
            return item.entry_title
        if key == "label":
            return item.label
        if key == "description":
            return item.description
        if key == "relevancy_imported":
            return imported_label(item)
        if key == "relevancy":
            return item.relevancy  # an int: the pips delegate draws it
        if key == "reviewed":
            return "✓" if item.reviewed else ""
        return None

    @staticmethod
    def _tooltip(item: ItemRow, key: str) -> str | None:
        if key in ("entry", "label", "description"):
            text = {"entry": item.entry_title, "label": item.label,
                    "description": item.description}[key]
            return tooltip_html(text) if text else None
        if key in ("relevancy", "relevancy_imported"):
            now = f"Relevancy {item.relevancy} of 5"
            if item.relevancy_imported is None:
                return f"{now} (no imported score)"
            if item.relevancy_imported == item.relevancy:
                return f"{now}, as imported"
            way = "raised" if item.relevancy > item.relevancy_imported else "lowered"
            return f"{now}, {way} from {item.relevancy_imported} as imported"
        if key == "reviewed":
            return "Reviewed" if item.reviewed else "Not reviewed yet"
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or index.column() != RELEVANCY_COLUMN or self._set_relevancy is None
                or self.read_only):
            return False
        try:
            score = int(value)
        except (TypeError, ValueError):
            return False
        if not 1 <= score <= 5:
            return False
        row = index.row()
        item = self.item_at(row)
        if item is None:
            return False
        if item.relevancy == score:
            return True
        if not self._set_relevancy(item.key, score):
            return False
        # The window may have refreshed us meanwhile: patch only what is still that item.
        if self.row_key(row) == item.key:
            self._pages.replace(row, replace(item, relevancy=score))
            self.dataChanged.emit(self.index(row, IMPORTED_COLUMN),
                                  self.index(row, RELEVANCY_COLUMN))
        return True
