"""Copied rows: the selected entries or items as tab-separated text (with a header row, for a
spreadsheet) and as JSON, read from SQL in the order the list shows them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import CuratorError
from .model import SECTION_TITLES
from .store import Filter, ItemFilter, ItemKey, Library

COPY_LIMIT = 200_000
"""More rows than this are not copied: a clipboard of millions of items helps no one (the
export writes them to a file instead)."""

ENTRY_FIELDS = (("id", "ID"), ("title", "Title"), ("page", "Page"), ("category", "Category"),
                ("type", "Type"), ("status", "Status"), ("n_signals", "Signals"),
                ("n_items", "Items"), ("max_relevancy", "Max relevancy"),
                ("mean_relevancy", "Mean relevancy"), ("updated_at", "Updated"))
"""The copied entry fields (the entry list's columns, and the id): JSON name, header title."""
ITEM_FIELDS = (("entry_id", "Entry ID"), ("entry_title", "Entry"), ("section", "Section"),
               ("position", "Position"), ("label", "Item"), ("description", "Description"),
               ("relevancy", "Relevancy"), ("relevancy_imported", "Imported"),
               ("reviewed", "Reviewed"))
"""The copied item fields (the Items tab's columns, and the item's place): as above."""
_BREAKS = re.compile(r"[\t\r\n]+")


class TooManyToCopy(CuratorError):
    """More rows were asked for than COPY_LIMIT."""


@dataclass(frozen=True)
class CopiedRows:
    """Rows of named fields, ready for the clipboard in two forms."""

    fields: tuple[tuple[str, str], ...]
    """(JSON name, header title) of each column."""
    rows: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def as_tsv(self) -> str:
        """A header row of titles, then one line a row; tabs and line breaks inside a cell
        become spaces, so that each cell stays one cell when pasted into a spreadsheet."""
        lines = ["\t".join(title for _, title in self.fields)]
        lines.extend("\t".join(_cell(value) for value in row) for row in self.rows)
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        """A list of objects keyed by the JSON names, values with their own types."""
        names = [name for name, _ in self.fields]
        return json.dumps([dict(zip(names, row)) for row in self.rows], ensure_ascii=False)


def copy_entries(library: Library, ids: Sequence[str], *, sort: str = "title",
                 descending: bool = False) -> CopiedRows:
    """The entries of `ids` (those still there), in the list's sort."""
    check_size(len(ids))
    if not ids:
        return CopiedRows(ENTRY_FIELDS, [])
    page = library.entries.page(Filter(ids=frozenset(ids)), sort=sort, descending=descending,
                                limit=len(ids))
    names = [name for name, _ in ENTRY_FIELDS]
    return CopiedRows(ENTRY_FIELDS, [tuple(getattr(row, n) for n in names) for row in page])


def copy_items(library: Library, keys: Iterable[ItemKey], *, sort: str = "relevancy",
               descending: bool = True) -> CopiedRows:
    """The items of `keys` (those still there), in the Items tab's sort."""
    wanted = frozenset(keys)
    check_size(len(wanted))
    if not wanted:
        return CopiedRows(ITEM_FIELDS, [])
    page = library.items.page(ItemFilter(keys=wanted), sort=sort, descending=descending,
                              limit=len(wanted))
    rows = [(row.entry_id, row.entry_title, SECTION_TITLES.get(row.section, row.section),
             row.position, row.label, row.description, row.relevancy, row.relevancy_imported,
             row.reviewed) for row in page]
    return CopiedRows(ITEM_FIELDS, rows)


def check_size(count: int) -> None:
    """Refuse (TooManyToCopy) more rows than COPY_LIMIT, before any is read."""
    if count > COPY_LIMIT:
        raise TooManyToCopy(
            f"{count:,} rows are too many to copy (at most {COPY_LIMIT:,}); export them to a "
            "file instead (File → Export).")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return _BREAKS.sub(" ", value) if isinstance(value, str) else str(value)
