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
    name of the item a change was made to (`signals.2.relevancy`: "Heat pumps")."""
    names = names or {}
    conn.executemany(
        "INSERT INTO history (entry_id, field, old, new, at, by, reason, item) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(entry_id, path, dumps(old), dumps(new), at, by, reason, names.get(path) or None)
         for path, old, new in changes],
    )
