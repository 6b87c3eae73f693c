"""The rows of one entry written or rewritten, and its history recorded: shared by the
library's parts that change entries (imports and edits), inside their transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import rows
from .records import By, dumps

if TYPE_CHECKING:
    from ..model import Entry


def insert_entry(conn: sqlite3.Connection, entry: Entry, digest: str, verbatim: str | None,
                 batch: int | None, entry_updated: str, version: int = 1,
                 edited: bool = False) -> int:
    """Add an entry with its items, terms and search text; its new row's pk."""
    columns = rows.entry_columns(entry)
    columns.update(content_hash=digest, source_text=verbatim, import_batch=batch,
                   version=version, edited=int(edited), updated_at=entry_updated)
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    pk = conn.execute(
        f"INSERT INTO entries ({names}) VALUES ({marks})", list(columns.values())
    ).lastrowid
    assert pk is not None  # an INSERT always gives one
    _write_children(conn, pk, entry)
    return pk


def replace_entry(conn: sqlite3.Connection, pk: int, entry: Entry, digest: str,
                  verbatim: str | None, version: int, *, edited: bool, at: str,
                  batch: int | None = None) -> None:
    """Write an entry over the stored row `pk`, its items, terms and search text anew."""
    columns = rows.entry_columns(entry)
    columns.update(content_hash=digest, source_text=verbatim, version=version,
                   edited=int(edited), updated_at=at)
    if batch is not None:
        columns["import_batch"] = batch
    assignments = ", ".join(f"{name} = ?" for name in columns)
    conn.execute(f"UPDATE entries SET {assignments} WHERE pk = ?", [*columns.values(), pk])
    for table in ("items", "keywords", "themes"):
        conn.execute(f"DELETE FROM {table} WHERE entry_pk = ?", [pk])
    _write_children(conn, pk, entry)


def _write_children(conn: sqlite3.Connection, pk: int, entry: Entry) -> None:
    item_rows = rows.item_rows(pk, entry)
    if item_rows:
        names = list(item_rows[0])
        conn.executemany(
            f"INSERT INTO items ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [list(r.values()) for r in item_rows],
        )
    conn.executemany(
        "INSERT INTO keywords (entry_pk, position, keyword) VALUES (?, ?, ?)",
        [(pk, i, k) for i, k in enumerate(entry.keywords)],
    )
    conn.executemany(
        "INSERT INTO themes (entry_pk, position, theme) VALUES (?, ?, ?)",
        [(pk, i, t) for i, t in enumerate(entry.themes)],
    )


def record_history(conn: sqlite3.Connection, entry_id: str,
                   changes: list[tuple[str, Any, Any]], by: By | str, at: str,
                   reason: str | None = None, names: Mapping[str, str] | None = None) -> None:
    """One history row per changed field of an entry; `names` gives, by field path, the
    name of the item a change was made to (`signals.2.relevancy`: "Heat pumps").

    An undo takes its change's row out of the history rather than adding one, and a redo
    puts that very row back (Anki's and Zotero's undo: the entry's history reads as if the
    undone change was never made). A step whose row is not there to take out or put back
    (the library changed meanwhile) is recorded as a row of its own, by undo or redo.
    """
    names = names or {}
    rows = [(path, dumps(old), dumps(new)) for path, old, new in changes]
    if by in (By.UNDO, By.REDO):
        step = _take_back if by == By.UNDO else _put_back
        rows = [row for row in rows if not step(conn, entry_id, *row)]
    conn.executemany(
        "INSERT INTO history (entry_id, field, old, new, at, by, reason, item) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(entry_id, path, old, new, at, by, reason, names.get(path) or None)
         for path, old, new in rows],
    )


_COLUMNS = "pk, entry_id, field, old, new, at, by, reason, item"
_UNDONE = "temp.undone_history"
"""The rows undo took out, for redo to put back: a table of this connection alone (the undo
stack is the window's, and ends with it), never written to the library file."""
ENTRY = "entry"
"""The history field of an entry's coming and going (imported, deleted, restored)."""


def _make_undone(conn: sqlite3.Connection) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS undone_history ({_COLUMNS})")
    # A redo of a bulk change looks up one row per entry: without it, each read them all.
    conn.execute("CREATE INDEX IF NOT EXISTS temp.undone_history_by_entry "
                 "ON undone_history (entry_id, field)")


def _present(new: str | None) -> bool:
    """Whether an `entry` row's new value leaves the entry in the library."""
    return new != dumps("deleted")


def _take_back(conn: sqlite3.Connection, entry_id: str, path: str, old: str | None,
               new: str | None) -> bool:
    """Undo: move the latest row of the field out of the history if this step reverses it."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM history WHERE entry_id = ? AND field = ? "
                       "ORDER BY pk DESC LIMIT 1", [entry_id, path]).fetchone()
    if row is None:
        return False
    if path == ENTRY:  # deleted undoes imported or restored, restored undoes deleted
        fits = _present(row[4]) != _present(new)
    else:
        fits = row[4] == old and row[3] == new
    if not fits:
        return False
    _make_undone(conn)
    conn.execute(f"INSERT INTO {_UNDONE} ({_COLUMNS}) VALUES ({', '.join('?' * 9)})",
                 list(row))
    conn.execute("DELETE FROM history WHERE pk = ?", [row[0]])
    return True


def _put_back(conn: sqlite3.Connection, entry_id: str, path: str, old: str | None,
              new: str | None) -> bool:
    """Redo: put back the row the latest undo of this field took out, if this step repeats it."""
    _make_undone(conn)
    row = conn.execute(f"SELECT rowid, {_COLUMNS} FROM {_UNDONE} WHERE entry_id = ? "
                       "AND field = ? ORDER BY rowid DESC LIMIT 1", [entry_id, path]).fetchone()
    if row is None:
        return False
    if path == ENTRY:
        fits = _present(row[5]) == _present(new)
    else:
        fits = row[4] == old and row[5] == new
    if not fits:
        return False
    conn.execute(f"DELETE FROM {_UNDONE} WHERE rowid = ?", [row[0]])
    # Back in its place in the log, unless a later row took its number meanwhile.
    taken = conn.execute("SELECT 1 FROM history WHERE pk = ?", [row[1]]).fetchone()
    conn.execute(f"INSERT INTO history ({_COLUMNS}) VALUES ({', '.join('?' * 9)})",
                 [None if taken else row[1], *row[2:]])
    return True
