"""The entry list's table model: row ids and a few cached pages, read from the library on demand."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from PySide6.QtCore import Qt

from ...core.store import EntryRow, Filter, Library
from ..widgets.highlight import tooltip_html
from ..widgets.paged_model import Index, PagedTableModel

COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("page", "Page"),
    ("category", "Category"),
    ("type", "Type"),
    ("status", "Status"),
    ("n_signals", "Signals"),
    ("n_items", "Items"),
    ("max_relevancy", "Max relevancy"),
    ("mean_relevancy", "Mean relevancy"),
    ("updated_at", "Updated"),
)
NUMERIC = {"n_signals", "n_items", "max_relevancy", "mean_relevancy"}

CACHED_PAGES = 16
"""At most this many pages are kept: memory stays flat however far the user scrolls."""

EntryIdRole = Qt.ItemDataRole.UserRole + 1

KEYS = tuple(key for key, _ in COLUMNS)
TITLE_COLUMN = KEYS.index("title")
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ENTRY_ID = int(EntryIdRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def page_label(page: str | None) -> str:
    """A scan page as a date ("17 Dec 2022") when it is a valid YYYYMMDD, else as it is."""
    if not page:
        return ""
    if len(page) == 8 and page.isascii() and page.isdigit():
        try:
            day = date(int(page[:4]), int(page[4:6]), int(page[6:]))
        except ValueError:
            return page
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return page


@lru_cache(maxsize=4096)
def time_label(stamp: str | None) -> str:
    """A stored UTC timestamp in local time; cached, as many rows share an import's time."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


class EntryTableModel(PagedTableModel[EntryRow, Filter]):
    """Entries of a filter, sorted in SQL; rows are fetched a page at a time as they show."""

    COLUMNS = COLUMNS
    CACHED_PAGES = CACHED_PAGES

    def __init__(self, library: Library | None = None, parent: Any = None) -> None:
        super().__init__(library, Filter(), "title", False, parent)

    def _count_rows(self) -> int:
        return self._library.entries.count(self._filter)

    def _fetch(self, offset: int, limit: int) -> list[EntryRow]:
        return self._library.entries.page(self._filter, sort=self._sort,
                                          descending=self._descending, offset=offset, limit=limit)

    def set_library(self, library: Library | None, flt: Filter | None = None) -> None:
        """Another library starts unfiltered."""
        super().set_library(library, Filter() if flt is None else flt)

    def entry_id(self, row: int) -> str | None:
        entry = self._row(row)
        return entry.id if entry else None

    def row_of(self, entry_id: str) -> int | None:
        """The row of an entry: from the pages already read, else asked of the library."""
        for row, entry in self._pages.cached():
            if entry.id == entry_id:
                return row
        if self._library is None:
            return None
        return self._library.entries.position(self._filter, entry_id, sort=self._sort,
                                      descending=self._descending)

    # -- Qt model interface --------------------------------------------------

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Called for every cell painted: roles are compared as plain ints, and a row is
        # looked up only for the roles that need one.
        if role == DISPLAY:
            entry = self._row(index.row())
            return None if entry is None else _display(entry, KEYS[index.column()])
        if role == ALIGNMENT:
            return RIGHT if index.isValid() and KEYS[index.column()] in NUMERIC else None
        if role == TOOLTIP:
            entry = self._row(index.row())
            if entry is None or index.column() != TITLE_COLUMN:
                return None
            return tooltip_html(entry.title)
        if role == ENTRY_ID:
            entry = self._row(index.row())
            return None if entry is None else entry.id
        return None


def _display(entry: EntryRow, key: str) -> str:
    value = getattr(entry, key)
    if value is None:
        return ""
    format_value = _FORMATS.get(key)
    return str(value) if format_value is None else format_value(value)


_FORMATS = {
    "page": page_label,
    "updated_at": time_label,
    "mean_relevancy": lambda value: f"{value:.1f}",
}
