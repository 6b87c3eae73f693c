"""Turn a library made now back into the layout of an older schema, for migration tests."""

from __future__ import annotations

import sqlite3

from curator.core.store.views import VIEW_NAMES

HISTORY_VIEW_4 = (
    "CREATE VIEW history_view AS SELECT h.pk, h.entry_id, e.title AS entry_title, h.field, "
    "h.old, h.new, h.at, h.by, h.reason FROM history h LEFT JOIN entries e ON e.id = h.entry_id")


def as_version_4(conn: sqlite3.Connection) -> None:
    """Schema 5 -> 4: the history (and its view) did not name the item a change was made to."""
    conn.execute("DROP VIEW history_view")
    conn.execute("ALTER TABLE history DROP COLUMN item")
    conn.execute(HISTORY_VIEW_4)
    conn.execute("PRAGMA user_version = 4")


def as_version_2(conn: sqlite3.Connection) -> None:
    """Schema 5 -> 2: the search index kept its own copy of the text (no text columns in
    `entries`, no triggers), and there were no views nor item bits."""
    as_version_4(conn)
    conn.execute("DROP INDEX entries_by_item_bits")
    conn.execute("ALTER TABLE entries DROP COLUMN item_bits")
    for name in VIEW_NAMES:
        conn.execute(f"DROP VIEW {name}")
    for name in ("entries_ai", "entries_ad", "entries_au"):
        conn.execute(f"DROP TRIGGER {name}")
    rows = conn.execute("SELECT pk, title, summary, keywords_text, themes_text, items_text "
                        "FROM entries").fetchall()
    conn.execute("DROP TABLE entries_fts")
    conn.execute("CREATE VIRTUAL TABLE entries_fts USING fts5(title, summary, keywords, themes, "
                 "items, tokenize='unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO entries_fts (rowid, title, summary, keywords, themes, items) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    for column in ("keywords_text", "themes_text", "items_text"):
        conn.execute(f"ALTER TABLE entries DROP COLUMN {column}")
    conn.execute("PRAGMA user_version = 2")
