"""A read-only copy of a library for Datasette: the snapshot and its metadata file."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from .. import __version__
from .errors import CuratorError
from .files import atomic_path
from .store import Library
from .store.fts import FTS_TABLE
from .store.rows import now
from .store.schema import SECTION_RANK

DATABASE = "curator"
"""Datasette names a database after its file: DIR/curator.db is served as /curator."""

_ENTRY_COLUMNS = {
    "pk": "Row number of the entry in this library (other tables link to it).",
    "id": "The entry's id: the hex part of its seed file's name.",
    "title": "The entry's title.",
    "page": "The page the entry was found on, as YYYYMMDD.",
    "url": "The link to the source (the seed file's External link).",
    "summary": "The entry's summary.",
    "category": "The Other section's Category value.",
    "type": "The Other section's Type value.",
    "status": "new, reviewed, approved or rejected: where the analysts' work on it stands.",
    "notes": "The analysts' notes.",
    "n_signals": "Number of signals.",
    "n_items": "Number of scored items in all five sections.",
    "max_relevancy": "The highest score of its items (1-5).",
    "mean_relevancy": "The mean score of its items.",
    "imported_at": "When its seed file was imported.",
    "updated_at": "When it last changed.",
}
_VIEW_ONLY = {
    "keywords": "Its keywords, joined with '; '.",
    "themes": "Its themes, joined with '; '.",
    "keyword_list": "JSON array of its keywords.",
    "theme_list": "JSON array of its themes.",
}
_TABLE_ONLY = {
    "other": "JSON object: every Key: value pair of the Other section.",
    "extra_sections": "JSON array: sections Curator does not know, kept as {name, columns, "
                      "rows}.",
    "keywords_text": "Its keywords, one a line (read by the search index).",
    "themes_text": "Its themes, one a line (read by the search index).",
    "items_text": "The text of its items (read by the search index).",
    "title_key": "The title normalized, to find duplicates.",
    "url_key": "The link normalized, to find duplicates.",
    "source_file": "The seed file's name.",
    "source_sha256": "SHA-256 of the seed file's bytes.",
    "source_text": "The seed file's text, while the entry is unedited.",
    "content_hash": "Hash of the entry's content.",
    "edited": "1 once an analyst edited the entry.",
    "version": "Counts the entry's saved changes.",
    "import_batch": "The import that brought it.",
    "item_bits": "What its items hold, as bits: each section's scores now and imported, "
                 "a changed score, reviewed and unreviewed items (read by searches).",
}
_ITEM_COLUMNS = {
    "entry_pk": "The entry the item belongs to.",
    "section": "signals, concerns, behaviors, technologies or issues.",
    "position": "Its place in its section's table, from 0.",
    "name": "The item's name (Technologies have only a description).",
    "description": "The item's description.",
    "change": "Signals: the change it announces.",
    "ten_year": "Signals: where it may be in ten years.",
    "driving_force": "Signals: what drives it.",
    "src": "Technologies: the source.",
    "relevancy": "The score now, 1 (low) to 5 (high).",
    "relevancy_imported": "The score the seed file gave.",
    "reviewed": "1 once an analyst reviewed the score.",
}
_ITEM_VIEW_ONLY = {
    "entry_id": "The entry's id.",
    "entry_title": "The entry's title.",
    "score_change": "relevancy - relevancy_imported: how the analysts moved the score.",
}
_HISTORY_COLUMNS = {
    "entry_id": "The entry changed (by id: a deleted entry's history stays).",
    "entry_title": "The entry's title, while the entry exists.",
    "field": "What changed: a field, or a section's item and score.",
    "old": "JSON: the value before.",
    "new": "JSON: the value after.",
    "at": "When.",
    "by": "What changed it: import, edit, bulk, review, revert.",
    "reason": "The reason the analyst gave, if any.",
    "item": "The changed item's name when it changed (its place in the field may move).",
}
_SEARCH = {"fts_table": FTS_TABLE, "fts_pk": "pk"}
_ENTRY_FACETS = ["status", "category", "type"]
_ITEM_FACETS = ["section", "relevancy"]

QUERIES: dict[str, dict[str, str]] = {
    "top_signals": {
        "title": "Top-scored signals",
        "description": "Signals scored 4 or 5, best first, with their entries.",
        "sql": "SELECT entry_id, entry_title, name, description, relevancy, "
               "relevancy_imported FROM items_view WHERE section = 'signals' "
               "AND relevancy >= 4 ORDER BY relevancy DESC, entry_title, position",
    },
    "scores_changed": {
        "title": "Scores changed since import",
        "description": "Items whose score an analyst changed, the largest changes first.",
        "sql": "SELECT entry_id, entry_title, section, name, description, "
               "relevancy_imported, relevancy, score_change FROM items_view "
               "WHERE relevancy <> relevancy_imported "
               # Sections in the seed file's order, not by name.
               f"ORDER BY abs(score_change) DESC, entry_title, {SECTION_RANK}, position",
    },
    "awaiting_review": {
        "title": "Entries awaiting review",
        "description": "Entries still new, the best scored first.",
        "sql": "SELECT id, title, category, type, keywords, max_relevancy, n_items "
               "FROM entries_view WHERE status = 'new' "
               "ORDER BY max_relevancy DESC, title COLLATE NOCASE",
    },
}
"""Canned queries: what analysts ask of a library first."""

HIDDEN = ("meta", "views", "imports", "not_duplicates")
"""Curator's internal tables, hidden from the site's table list (still reachable)."""


def publish(library: Library, output: str | os.PathLike[str]) -> Path:
    """Write DIR/curator.db, a consistent snapshot of the library not in WAL mode (so that
    `datasette -i` sees every row), and DIR/metadata.json; return the folder.

    Each file appears complete or not at all; a failure names the folder and leaves any
    earlier publication there as it was.
    """
    folder = Path(output).expanduser().absolute()
    database = folder / f"{DATABASE}.db"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if database.exists() and database.samefile(library.path):
            raise CuratorError(f"{database} is the library itself: choose another folder.")
        with atomic_path(database) as part:
            library.backup(part)
            _settle(part)
        with atomic_path(folder / "metadata.json") as part:
            part.write_text(json.dumps(metadata(library), indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    except (sqlite3.Error, OSError) as error:
        raise CuratorError(f"could not publish to {folder}: "
                           f"{getattr(error, 'strerror', None) or error}.") from None
    return folder


def _settle(path: Path) -> None:
    """A copy that Datasette reads as immutable: no write-ahead log, statistics for its
    query planner."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("ANALYZE")
    finally:
        conn.close()


def metadata(library: Library) -> dict[str, Any]:
    """Datasette's metadata for a published library: what each table and column means,
    the search index, facets, foreign-key labels, JSON columns, canned queries."""
    count = library.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    entries = {"description": "One row per entry (a seed file), as Curator stores it.",
               "label_column": "title", "sort": "title", "facets": _ENTRY_FACETS,
               "columns": _ENTRY_COLUMNS | _TABLE_ONLY, **_SEARCH}
    tables: dict[str, Any] = {
        "entries": entries,
        "entries_view": {
            "description": "The entries to read: keywords and themes as text and as lists "
                           "(facet them by keyword_list and theme_list).",
            "sort": "title", "facets": [*_ENTRY_FACETS, {"array": "keyword_list"},
                                        {"array": "theme_list"}],
            "columns": _ENTRY_COLUMNS | _VIEW_ONLY, **_SEARCH},
        "items": {"description": "Every scored item of every entry; entry_pk links to its "
                                 "entry.",
                  "label_column": "name", "facets": _ITEM_FACETS,
                  "columns": _ITEM_COLUMNS | {"extra": "JSON object: columns Curator does not "
                                                       "know, kept as they were."}},
        "items_view": {"description": "The items with their entry's id and title.",
                       "facets": _ITEM_FACETS, "columns": _ITEM_COLUMNS | _ITEM_VIEW_ONLY},
        "keywords": {"description": "One row per keyword of an entry.", "facets": ["keyword"],
                     "columns": {"keyword": "The keyword.", "entry_pk": "The entry."}},
        "themes": {"description": "One row per theme of an entry.", "facets": ["theme"],
                   "columns": {"theme": "The theme.", "entry_pk": "The entry."}},
        "history": {"description": "Every recorded change of an entry.",
                    "facets": ["field", "by"], "sort_desc": "pk",
                    "columns": {k: v for k, v in _HISTORY_COLUMNS.items()
                                if k != "entry_title"}},
        "history_view": {"description": "The history with the entry's title.",
                         "facets": ["field", "by"], "sort_desc": "pk",
                         "columns": _HISTORY_COLUMNS},
        **{name: {"hidden": True} for name in HIDDEN},
    }
    return {
        "title": "Curator library",
        "description": f"{count:,} horizon-scanning entries curated with Curator "
                       f"{__version__}, published {now()}. Search the entries, facet them by "
                       "status, category, type, keyword and theme, and follow an entry to "
                       "its scored items.",
        "databases": {DATABASE: {
            "tables": tables,
            "queries": QUERIES,
            # Declared for readers and tools: these columns hold JSON text.
            "json_columns": {"entries": ["other", "extra_sections"], "items": ["extra"],
                             "entries_view": ["keyword_list", "theme_list"],
                             "history": ["old", "new"], "history_view": ["old", "new"]},
        }},
    }
