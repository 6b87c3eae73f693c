"""A table model over one SQL query: a count, and pages of rows read as they are shown."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.store import Library
from .page_cache import PageCache

Row = TypeVar("Row")
Flt = TypeVar("Flt")
Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel, Generic[Row, Flt]):
    """Holds a library, a filter and a sort; subclasses say how to count and read a page.

    Sorting and filtering change the query, never rows in memory: only the count and a few
    cached pages are kept, however long the list.
    """

    COLUMNS: tuple[tuple[str, str], ...] = ()
    """(sort key, header) per column."""
    SORTABLE: frozenset[str] | None = None
    """Columns SQL can sort by; None for all."""
    CACHED_PAGES = 16

    def __init__(self, library: Library | None, flt: Flt, sort: str, descending: bool,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._filter = flt
        self._sort = sort
        self._descending = descending
        self._count = 0
        self._pages: PageCache[Row] = PageCache(self._fetch, self.CACHED_PAGES)
        self._recount()

    def _count_rows(self) -> int:
        raise NotImplementedError

    def _fetch(self, offset: int, limit: int) -> list[Row]:
        raise NotImplementedError

    # -- our interface -------------------------------------------------------

    @property
    def filter(self) -> Flt:
        return self._filter

    @property
    def library(self) -> Library | None:
        return self._library

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def set_library(self, library: Library | None, flt: Flt | None = None) -> None:
        """Another library, and with `flt` a new filter too: one reset, one count."""
        self.beginResetModel()
        self._library = library
        if flt is not None:
            self._filter = flt
        self._recount()
        self.endResetModel()

    def set_filter(self, flt: Flt) -> None:
        self.beginResetModel()
        self._filter = flt
        self._recount()
        self.endResetModel()

    def refresh(self) -> None:
        """Read again after the library changed; filter and sort stay."""
        self.beginResetModel()
        self._recount()
        self.endResetModel()

    def _recount(self) -> None:
        self._pages.clear()
        self._count = self._count_rows() if self._library is not None else 0

    def _row(self, row: int) -> Row | None:
        if self._library is None or not 0 <= row < self._count:
            return None
        return self._pages.get(row)

    # -- Qt model interface --------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        key = self.COLUMNS[column][0]
        if self.SORTABLE is not None and key not in self.SORTABLE:
            return
        self.beginResetModel()
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._pages.clear()
        self.endResetModel()
