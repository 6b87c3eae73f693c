"""Queries and writes over scored items across entries: the items table, review, statistics."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..vocabulary import SECTIONS
from . import item_bits
from .db import Db
from .filters import Filter, ItemFilter, count_sql, item_where, where
from .records import ItemKey
from .schema import SECTION_RANK

ITEM_SORT_COLUMNS = {
    "section": SECTION_RANK.replace("CASE section", "CASE i.section", 1),
    "entry": "e.title COLLATE NOCASE",
    "label": "coalesce(nullif(i.name, ''), i.description) COLLATE NOCASE",  # = ITEM_LABEL
    "relevancy": "i.relevancy",
    "relevancy_imported": "i.relevancy_imported",
    "reviewed": "i.reviewed",
}
"""Item columns the items table can sort by, and their SQL."""


@dataclass(frozen=True)
class ItemRow:
    """One scored item with enough of its entry to show and open it."""

    pk: int
    entry_id: str
    entry_title: str
    section: str
    position: int
    label: str
    description: str
    relevancy: int
    relevancy_imported: int | None
    reviewed: bool

    @property
    def key(self) -> ItemKey:
        return ItemKey(self.entry_id, self.section, self.position)

    @property
    def path(self) -> str:
        return f"{self.section}.{self.position}"


_ITEM_COLUMNS = (
    "i.pk, e.id, e.title, i.section, i.position, coalesce(nullif(i.name, ''), i.description), "
    "CASE WHEN coalesce(i.name, '') = '' THEN '' ELSE i.description END, "
    "i.relevancy, i.relevancy_imported, i.reviewed"
)


class Items:
    """`library.items`: the SQL behind the items table, review mode and statistics."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.conn = db.conn

    def count(self, flt: ItemFilter) -> int:
        clause, params = item_where(flt)
        # Only a list of item keys names the entry's id; otherwise the join is wasted work.
        tables = "items i JOIN entries e ON e.pk = i.entry_pk" if flt.keys is not None \
            else "items i"
        return self.conn.execute(count_sql(tables, clause), params).fetchone()[0]

    def page(self, flt: ItemFilter, *, sort: str = "relevancy", descending: bool = True,
             offset: int = 0, limit: int = 200) -> list[ItemRow]:
        clause, params = item_where(flt)
        tables, order = _ordered(sort, descending)
        cursor = self.conn.execute(
            f"SELECT {_ITEM_COLUMNS} FROM {tables} WHERE {clause} ORDER BY {order} "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_item_row(row) for row in cursor]

    def keys(self, flt: ItemFilter, *, sort: str = "section",
             descending: bool = False) -> list[ItemKey]:
        """Every item of a filter as (entry id, section, position), in the order `page`
        lists them with the same sort (a review follows the items table's order)."""
        clause, params = item_where(flt)
        tables, order = _ordered(sort, descending)
        cursor = self.conn.execute(
            f"SELECT e.id, i.section, i.position FROM {tables} WHERE {clause} ORDER BY {order}",
            params,
        )
        return [ItemKey(r[0], r[1], r[2]) for r in cursor]

    def get(self, key: ItemKey) -> ItemRow | None:
        rows = self.page(ItemFilter(keys=frozenset({key})), limit=1)
        return rows[0] if rows else None

    def set_reviewed(self, keys: Iterable[ItemKey], reviewed: bool = True) -> int:
        """Mark items reviewed (or not); a curation mark, so the entry's version stays."""
        keys = list(keys)
        with self.db.write():
            found = self.conn.execute(
                "SELECT i.pk, i.entry_pk FROM items i JOIN entries e ON e.pk = i.entry_pk "
                "WHERE (e.id, i.section, i.position) IN (SELECT json_extract(value, '$[0]'), "
                "json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?))",
                [json.dumps([list(k) for k in keys])],
            ).fetchall()
            self.conn.executemany("UPDATE items SET reviewed = ? WHERE pk = ?",
                                  [(int(reviewed), row[0]) for row in found])
            item_bits.refresh(self.conn, {row[1] for row in found})
            return len(found)

    def reasons(self, entry_id: str) -> dict[str, str]:
        """The latest reason recorded for each item path of an entry (`signals.2`)."""
        found: dict[str, str] = {}
        for field, reason in self.conn.execute(
            "SELECT field, reason FROM history WHERE entry_id = ? AND reason IS NOT NULL "
            "AND field LIKE '%.relevancy' ORDER BY pk", [entry_id]
        ):
            found[field.rsplit(".", 1)[0]] = reason
        return found

    def relevancy_distribution(self, flt: Filter) -> dict[str, dict[str, list[int]]]:
        """Per section: how many items score 1…5 now (`current`) and as imported (`imported`)."""
        result = {s: {"current": [0] * 5, "imported": [0] * 5} for s in SECTIONS}
        clause, params = where(flt)
        scope = "" if clause == "1" else \
            f"WHERE i.entry_pk IN (SELECT e.pk FROM entries e WHERE {clause})"
        # One pass for both: the index on (section, relevancy, relevancy_imported) holds it all.
        for section, current, imported, count in self.conn.execute(
            "SELECT i.section, i.relevancy, i.relevancy_imported, count(*) FROM items i "
            f"{scope} GROUP BY i.section, i.relevancy, i.relevancy_imported", params,
        ):
            if section not in result:
                continue
            for key, score in (("current", current), ("imported", imported)):
                if score is not None and 1 <= score <= 5:
                    result[section][key][score - 1] += count
        return result

    def iter_labels(self, flt: ItemFilter) -> Iterator[tuple[ItemKey, str, int]]:
        """(key, label, relevancy) of every item of a filter, streamed (for calibration)."""
        clause, params = item_where(flt)
        cursor = self.conn.execute(
            f"SELECT e.id, i.section, i.position, coalesce(nullif(i.name, ''), i.description), "
            f"i.relevancy FROM items i JOIN entries e ON e.pk = i.entry_pk WHERE {clause}",
            params,
        )
        for entry_id, section, position, label, relevancy in cursor:
            yield ItemKey(entry_id, section, position), label or "", relevancy


def _ordered(sort: str, descending: bool) -> tuple[str, str]:
    """The tables and the ORDER BY of items sorted by `sort` (a key of ITEM_SORT_COLUMNS)."""
    if sort not in ITEM_SORT_COLUMNS:
        raise ValueError(f"cannot sort items by {sort!r}")
    direction = "DESC" if descending else "ASC"
    if sort == "entry":
        # Walking entries in title order and their items in place needs no sort of millions
        # of rows (only of each entry's few items, into the file's order of sections);
        # CROSS JOIN keeps SQLite to that order of the loops.
        return ("entries e CROSS JOIN items i ON e.pk = i.entry_pk",
                f"{ITEM_SORT_COLUMNS[sort]} {direction}, e.pk {direction}, "
                f"{ITEM_SORT_COLUMNS['section']} {direction}, i.position {direction}")
    return ("items i JOIN entries e ON e.pk = i.entry_pk",
            f"{ITEM_SORT_COLUMNS[sort]} {direction}, i.pk {direction}")


def _item_row(row: Any) -> ItemRow:
    return ItemRow(row[0], row[1], row[2], row[3], row[4], row[5] or "", row[6] or "",
                   row[7], row[8], bool(row[9]))
