"""The library store: every SQL statement Curator runs lives in this package."""

from .filters import FACETS, Filter, ItemFilter, fts_query
from .items import ITEM_SORT_COLUMNS, ItemRow
from .library import Library
from .records import Change, HistoryRow, Stored
from .rows import ENTRY_KEYS, EntryRow

__all__ = ["FACETS", "Filter", "ItemFilter", "ITEM_SORT_COLUMNS", "ItemRow", "fts_query", "Change", "HistoryRow", "Library", "Stored",
           "ENTRY_KEYS", "EntryRow"]
