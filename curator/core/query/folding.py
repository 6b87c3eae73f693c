"""Case folding for matching, in Python and as an SQL function on each connection."""

from __future__ import annotations

import sqlite3

FOLD = "curator_fold"
"""The SQL name of fold(): SQLite's own lower() folds only ASCII letters."""


def fold(text: str) -> str:
    """Text as matching compares it: case folded in every script (`Ä` and `ä` are equal)."""
    return text.casefold()


def _fold_sql(text: object) -> str | None:
    return None if text is None else str(text).casefold()


def register(conn: sqlite3.Connection) -> None:
    """Make the folding function the compiled SQL calls available on a connection."""
    conn.create_function(FOLD, 1, _fold_sql, deterministic=True)
