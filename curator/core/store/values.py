"""The values a search field completes after `keyword:`, `theme:`, `category:`, `type:`."""

from __future__ import annotations

import sqlite3

from ..folding import fold
from ..vocabulary import Status

_COLUMNS = {
    "keyword": ("keywords", "keyword"),
    "theme": ("themes", "theme"),
    "category": ("entries", "category"),
    "type": ("entries", "type"),
}
WALK_LIMIT = 20_000
"""Distinct values looked at, at most, for one completion: each is one step along the
column's index, so a completion costs a few milliseconds however large the library."""


def field_values(conn: sqlite3.Connection, field: str, text: str = "",
                 limit: int = 50) -> list[str]:
    """Up to `limit` distinct values of a field containing `text` (any case), in order;
    those starting with it come first."""
    from ..query.compiler import contains  # the query package reads the store's fts module

    wanted = fold(text)
    if field == "status":
        values = [s.value for s in Status if wanted in s.value]
    elif field in _COLUMNS:
        table, column = _COLUMNS[field]
        condition, params = contains("d.v", wanted) if wanted else ("1", [])
        # Walks the column's index from one distinct value to the next (a DISTINCT would
        # read every row), and stops after WALK_LIMIT values or `limit` matches.
        sql = (f"WITH RECURSIVE d(v, n) AS (SELECT min({column}), 1 FROM {table} "
               f"WHERE {column} != '' UNION ALL SELECT (SELECT min({column}) FROM {table} "
               f"WHERE {column} > d.v), d.n + 1 FROM d WHERE d.v IS NOT NULL AND d.n < ?) "
               f"SELECT d.v FROM d WHERE d.v IS NOT NULL AND {condition} LIMIT ?")
        values = [row[0] for row in conn.execute(sql, [WALK_LIMIT, *params, limit * 4])]
    else:
        return []
    values.sort(key=lambda v: (not fold(v).startswith(wanted), fold(v)))
    return values[:limit]
