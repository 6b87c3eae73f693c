"""The items table's model: scored items across entries, read a page at a time, sorted in SQL."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from ...core.model import SECTION_TITLES
from ...core.store import Filter, ItemFilter, ItemKey, ItemRow, Library
from ..widgets.highlight import tooltip_html
from ..widgets.page_cache import PAGE_SIZE
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

SORT_FIELDS = {"section": ("section",), "entry": ("entry_title",),
               "label": ("label", "description"), "relevancy": ("relevancy",),
               "relevancy_imported": ("relevancy_imported",), "reviewed": ("reviewed",)}
"""The ItemRow fields each sort orders by: a change of one may move a row."""
HELD_TIP = ("Changed since the list was sorted: it stays in its place until you re-sort "
            "(F5, or a click on a column header).")

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
    and the undo command). After any change the model can `reread` the rows it holds by
    their keys, each in its place: a scored row never moves from under the cursor. Rows
    whose change would move them in the sort (or out of the filter) are "held", shown in
    italics, until the list is read again in order (`refresh`, a sort or a filter).
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
        self._held: set[ItemKey] = set()

    @property
    def order_stale(self) -> bool:
        """Whether some rows are shown where they were though a change moved them."""
        return bool(self._held)

    def is_held(self, row: int) -> bool:
        key = self.row_key(row) if self._held else None
        return key is not None and key in self._held

    def _recount(self) -> None:
        self._held = set()
        super()._recount()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        held, self._held = self._held, set()
        super().sort(column, order)
        if held:
            self.refresh()  # rows held in place may have left the filter: count them again

    def _order_fields(self) -> set[str]:
        """The row fields whose change may move a row: the sort's, and the filter's."""
        fields = set(SORT_FIELDS[self._sort])
        flt = self._filter
        if flt.query or flt.text:
            return {"section", "entry_title", "label", "description", "relevancy",
                    "relevancy_imported", "reviewed"}
        if flt.min_relevancy > 1 or flt.max_relevancy < 5:
            fields.add("relevancy")
        if flt.changed is not None:
            fields |= {"relevancy", "relevancy_imported"}
        if flt.reviewed is not None:
            fields.add("reviewed")
        if flt.entries != Filter():
            fields.add("entry_title")  # an entry filter may search titles
        return fields

    def reread(self) -> bool:
        """Read the rows held in memory again by key, each staying in its row.

        False when one of them is gone from the library (its entry deleted, its section
        shortened): the caller then reads the list again in order.
        """
        if self._library is None:
            return False
        cached = list(self._pages.cached())
        if not cached:
            return True
        keys = frozenset(row.key for _, row in cached)
        fresh = {row.key: row for row in self._library.items.page(
            ItemFilter(keys=keys), limit=len(keys))}
        if len(fresh) < len(keys):
            return False
        fields = self._order_fields()
        changed = [row for row, old in cached if self._patch(row, old, fresh[old.key], fields)]
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0),
                                  self.index(max(changed), len(COLUMNS) - 1))
        return True

    def _patch(self, row: int, old: ItemRow, new: ItemRow, fields: set[str]) -> bool:
        if new == old:
            return False
        self._pages.replace(row, new)
        if any(getattr(old, name) != getattr(new, name) for name in fields):
            self._held.add(new.key)
        return True

    def find_near(self, key: ItemKey, row: int) -> int | None:
        """The row of an item after a new read, looked for in the pages around `row` only
        (a whole list of millions is never searched)."""
        first = max(0, row - PAGE_SIZE)
        for candidate in sorted(range(first, min(self._count, row + PAGE_SIZE + 1)),
                                key=lambda r: abs(r - row)):
            if self.row_key(candidate) == key:
                return candidate
        return None

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
            tip = self._tooltip(item, key)
            if self._held and item.key in self._held:
                held = f"<p><i>{HELD_TIP}</i></p>"
                if tip is None:
                    return held
                return (tip if tip.startswith("<") else f"<p>{html.escape(tip)}</p>") + held
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole and key in ("relevancy",
                                                                  "relevancy_imported"):
            return self._tooltip(item, key)  # "Relevancy 4 of 5, raised from 2 as imported"
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("relevancy_imported", "reviewed"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and self._held and item.key in self._held:
            font = QFont()
            font.setItalic(True)
            return font
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
        if item.relevancy == score and item.reviewed:
            return True
        if not self._set_relevancy(item.key, score):
            return False
        # The window usually has us reread meanwhile; if not, read the row here. Either way
        # it stays in its place, and only while it is still that item.
        now = self.item_at(row)
        fresh = self._library.items.get(item.key) if self._library is not None else None
        if now is not None and now.key == item.key and fresh is not None:
            if self._patch(row, now, fresh, self._order_fields()):
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True
