"""Rows of a long SQL-backed list, read a page at a time; only the last few pages stay."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

Row = TypeVar("Row")

PAGE_SIZE = 200


class PageCache(Generic[Row]):
    """An LRU of pages: memory stays flat however far a table is scrolled."""

    def __init__(self, fetch: Callable[[int, int], list[Row]], pages: int) -> None:
        self._fetch = fetch  # (offset, limit) -> rows
        self._limit = pages
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._last_page = -1
        self._last_rows: list[Row] = []

    def __len__(self) -> int:
        """How many pages are held."""
        return len(self._pages)

    def clear(self) -> None:
        self._pages.clear()
        self._last_page, self._last_rows = -1, []

    def get(self, row: int) -> Row | None:
        page = row // PAGE_SIZE
        if page == self._last_page:  # most reads fall on the page read just before
            rows = self._last_rows
            offset = row % PAGE_SIZE
            return rows[offset] if offset < len(rows) else None
        rows = self._pages.get(page)
        if rows is None:
            rows = self._fetch(page * PAGE_SIZE, PAGE_SIZE)
            self._pages[page] = rows
            if len(self._pages) > self._limit:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        self._last_page, self._last_rows = page, rows
        offset = row % PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def put(self, page: int, rows: list[Row]) -> None:
        """Hold a page read already (the first one, read before the list is counted)."""
        self._pages[page] = rows
        if len(self._pages) > self._limit:
            self._pages.popitem(last=False)

    def cached(self) -> Iterator[tuple[int, Row]]:
        """(row, value) for every row held, without reading anything."""
        for page, rows in self._pages.items():
            for offset, value in enumerate(rows):
                yield page * PAGE_SIZE + offset, value

    def replace(self, row: int, value: Row) -> bool:
        """Patch a held row after an edit; False when its page is not held."""
        rows = self._pages.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        if rows is None or offset >= len(rows):
            return False
        rows[offset] = value
        return True
