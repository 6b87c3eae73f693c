"""Reads for duplicate finding, and the analyst's "not duplicates" marks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .db import Db
from .filters import Filter, where
from .rows import now

PAGE_SIZE = 5_000

Pair = tuple[str, str]
"""Two entry ids, the smaller first."""


def pair(a: str, b: str) -> Pair:
    """The pair of two ids in the order the library keeps it."""
    if a == b:
        raise ValueError(f"an entry cannot be paired with itself ({a})")
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class NotDuplicates:
    """Two entries an analyst said are not one story; titles are None once an entry is gone."""

    first_id: str
    second_id: str
    first_title: str | None
    second_title: str | None
    marked_at: str

    @property
    def pair(self) -> Pair:
        return (self.first_id, self.second_id)


class Duplicates:
    """`library.duplicates`: what duplicate finding reads, and the not-duplicates marks."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.conn = db.conn

    def iter_link_titles(self, flt: Filter) -> Iterator[tuple[int, str, str, str | None]]:
        """(pk, id, title, url) of every entry of a filter, oldest first, read in pages by
        pk so that no statement stays open across the caller's work."""
        clause, params = where(flt)
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT e.pk, e.id, e.title, e.url FROM entries e WHERE e.pk > ? AND {clause} "
                "ORDER BY e.pk LIMIT ?", [last, *params, PAGE_SIZE],
            ).fetchall()
            for row in rows:
                yield row[0], row[1], row[2] or "", row[3]
            if len(rows) < PAGE_SIZE:
                return
            last = rows[-1][0]

    def summaries(self, pks: Iterable[int]) -> dict[int, str]:
        """The summaries of some entries, by pk."""
        found: dict[int, str] = {}
        wanted = list(pks)
        for start in range(0, len(wanted), PAGE_SIZE):
            chunk = json.dumps(wanted[start:start + PAGE_SIZE])
            for pk, summary in self.conn.execute(
                "SELECT pk, summary FROM entries WHERE pk IN (SELECT value FROM json_each(?))",
                [chunk],
            ):
                found[pk] = summary or ""
        return found

    def not_duplicate_pairs(self) -> list[NotDuplicates]:
        """Every pair marked "not duplicates", most recent first."""
        cursor = self.conn.execute(
            "SELECT n.first_id, n.second_id, a.title, b.title, n.marked_at "
            "FROM not_duplicates n LEFT JOIN entries a ON a.id = n.first_id "
            "LEFT JOIN entries b ON b.id = n.second_id ORDER BY n.marked_at DESC, n.rowid DESC"
        )
        return [NotDuplicates(*row) for row in cursor]

    def marked_pairs(self) -> set[Pair]:
        """Every pair marked "not duplicates" (an analyst's marks: few, read whole)."""
        return {(a, b) for a, b in self.conn.execute(
            "SELECT first_id, second_id FROM not_duplicates")}

    def add_not_duplicates(self, pairs: Iterable[Pair], *, at: str | None = None) -> list[Pair]:
        """Mark pairs as not duplicates; return those that were not marked before."""
        wanted = sorted({pair(a, b) for a, b in pairs})
        at = at or now()
        added = []
        with self.db.write():
            for first, second in wanted:
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO not_duplicates (first_id, second_id, marked_at) "
                    "VALUES (?, ?, ?)", [first, second, at])
                if cursor.rowcount:
                    added.append((first, second))
        return added

    def remove_not_duplicates(self, pairs: Iterable[Pair]) -> list[Pair]:
        """Take the mark off pairs; return those that were marked."""
        wanted = sorted({pair(a, b) for a, b in pairs})
        removed = []
        with self.db.write():
            for first, second in wanted:
                cursor = self.conn.execute(
                    "DELETE FROM not_duplicates WHERE first_id = ? AND second_id = ?",
                    [first, second])
                if cursor.rowcount:
                    removed.append((first, second))
        return removed

    def titles(self, ids: Iterable[str]) -> dict[str, str]:
        """The titles of some entries, by id (missing ids are left out)."""
        cursor = self.conn.execute(
            "SELECT id, title FROM entries WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(set(ids)))],
        )
        return {row[0]: row[1] for row in cursor}
