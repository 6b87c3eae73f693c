"""The library store: every SQL statement Curator runs lives in this package."""

from .filters import FACETS, Filter, fts_query
from .library import Change, HistoryRow, Library, Stored
from .rows import ENTRY_KEYS, EntryRow

__all__ = ["FACETS", "Filter", "fts_query", "Change", "HistoryRow", "Library", "Stored",
           "ENTRY_KEYS", "EntryRow"]
