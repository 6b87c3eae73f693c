"""The library store: every SQL statement Curator runs lives in this package."""

from .filters import FACETS, Filter, ItemFilter, fts_query
from .items import ITEM_SORT_COLUMNS, ItemRow
from .library import Library
from .records import By, HistoryRow, ItemKey, Stored, Written
from .rows import ENTRY_KEYS, EntryRow

__all__ = ["FACETS", "Filter", "ItemFilter", "ITEM_SORT_COLUMNS", "ItemRow", "fts_query", "By",
           "HistoryRow", "ItemKey", "Library", "Stored", "Written", "ENTRY_KEYS", "EntryRow"]
