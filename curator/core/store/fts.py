"""Every use of the full-text index goes through here, so its layout can change in one place."""

from __future__ import annotations

import sqlite3

FTS_TABLE = "entries_fts"
"""The FTS5 index of entry text; its rowid is entries.pk."""

INDEXED = ("title", "summary", "keywords_text", "themes_text", "items_text")
"""The entries columns the index reads (keywords, themes and the items' text are kept in
`entries` as text for it)."""
TOKENIZE = "unicode61 remove_diacritics 2"
_COLUMNS = {"keywords": "keywords_text", "themes": "themes_text", "items": "items_text"}
"""The index's columns by the names callers use."""


def create_index(conn: sqlite3.Connection) -> None:
    """Make the index and its triggers, empty (inside the caller's transaction).

    The layout is sqlite-utils' `enable_fts(..., create_triggers=True)`: an external-content
    FTS5 table `entries_fts` over columns of `entries` (`content=[entries]`), which
    `sqlite-utils search` and Datasette's `?_search=` find from the `entries` table. Written
    here rather than by `enable_fts`, which runs `executescript` and so commits the caller's
    transaction (a migration must stay one transaction); and its update trigger re-indexes
    an entry on any change (a status, a score), where this one only on a change of the text.
    """
    columns = ", ".join(f"[{c}]" for c in INDEXED)
    old = ", ".join(f"old.[{c}]" for c in INDEXED)
    new = ", ".join(f"new.[{c}]" for c in INDEXED)
    conn.execute(f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 ({columns}, "
                 f"tokenize='{TOKENIZE}', content=[entries])")
    conn.execute(f"CREATE TRIGGER [entries_ai] AFTER INSERT ON [entries] BEGIN "
                 f"INSERT INTO [{FTS_TABLE}] (rowid, {columns}) VALUES (new.rowid, {new}); END")
    conn.execute(f"CREATE TRIGGER [entries_ad] AFTER DELETE ON [entries] BEGIN "
                 f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rowid, {columns}) "
                 f"VALUES ('delete', old.rowid, {old}); END")
    conn.execute(f"CREATE TRIGGER [entries_au] AFTER UPDATE OF {columns} ON [entries] BEGIN "
                 f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rowid, {columns}) "
                 f"VALUES ('delete', old.rowid, {old}); "
                 f"INSERT INTO [{FTS_TABLE}] (rowid, {columns}) VALUES (new.rowid, {new}); END")


def to_external_content(conn: sqlite3.Connection) -> None:
    """Schema 2 -> 3: the index's own copy of the text moves into `entries`, and the index
    is made again over it (inside the caller's transaction)."""
    for column in INDEXED[2:]:
        conn.execute(f"ALTER TABLE entries ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    conn.execute(
        "UPDATE entries SET keywords_text = coalesce(f.keywords, ''), "
        "themes_text = coalesce(f.themes, ''), items_text = coalesce(f.items, '') "
        f"FROM {FTS_TABLE} AS f WHERE f.rowid = entries.pk")
    conn.execute(f"DROP TABLE {FTS_TABLE}")
    create_index(conn)
    conn.execute(f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}]) VALUES ('rebuild')")


def fts_query(text: str) -> str | None:
    """Turn anything a user types into a safe FTS5 query, or None when nothing is left.

    Each word becomes a quoted prefix term, so quotes, operators, colons and brackets are
    searched as text and never reach FTS5's query syntax. A lone Latin letter or digit is
    matched as a word, not a prefix: "c*" would walk most of the index (seconds on a large
    library) at the first key typed.
    """
    words = text.replace("\x00", " ").split()
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + ('"' if _lone(word) else '"*')
                    for word in words)


def fts_phrase(text: str) -> str:
    """An FTS5 query for whole words in order (a quoted search), safe whatever the text."""
    return '"' + text.replace("\x00", " ").replace('"', '""') + '"'


def fts_and(*queries: str | None) -> str | None:
    """FTS5 queries that must all match, as one query (None if there are none)."""
    present = [q for q in queries if q]
    return " AND ".join(f"({q})" if len(present) > 1 else q for q in present) or None


def fts_condition(query: str, pk: str = "e.pk", column: str | None = None) -> tuple[str, list]:
    """SQL that holds when the entry whose pk is `pk` matches an FTS5 query.

    `column` limits the match to one column of the index (`items`).
    """
    match = f"{{{_COLUMNS.get(column, column)}}} : ({query})" if column else query
    return f"{pk} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", [match]


FTS_COUNT = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?"
"""SQL counting the entries that match an FTS5 query (its one parameter)."""


def _lone(word: str) -> bool:
    return len(word) == 1 and word.isascii() and word.isalnum()
