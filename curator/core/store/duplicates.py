"""Reads for duplicate finding, and the analyst's "not duplicates" marks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import LibraryError
from .db import Db
from .editing import Edits
from .entries import Entries
from .filters import Filter, where
from .records import By, Written
from .rows import now
from .writes import record_history

if TYPE_CHECKING:
    from ..model import Entry

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

    def __init__(self, db: Db, entries: Entries, edits: Edits) -> None:
        self.db = db
        self.conn = db.conn
        self.entries = entries
        self.edits = edits

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

    def curation(self, ids: Iterable[str]) -> dict[str, Curation]:
        """How much an analyst has worked on each of these entries, for the keeper rule."""
        found: dict[str, Curation] = {}
        for entry_id in sorted(set(ids)):
            row = self.conn.execute(
                "SELECT e.pk, e.status, "
                "(SELECT count(*) FROM history h WHERE h.entry_id = e.id "
                " AND h.by NOT IN ('import', 'undo', 'redo')), "
                "(SELECT count(*) FROM items i WHERE i.entry_pk = e.pk AND i.reviewed) "
                "FROM entries e WHERE e.id = ?", [entry_id]).fetchone()
            if row is not None:
                found[entry_id] = Curation(entry_id, row[2], row[3], row[1], row[0])
        return found

    def merged_into(self, entry_id: str) -> str | None:
        """The entry an entry no longer in the library was merged into (following later
        merges of that one), or None if it is here or was not merged away."""
        seen = {entry_id}
        into = None
        current = entry_id
        while not self.entries.has(current):
            row = self.conn.execute(
                "SELECT field, new FROM history WHERE entry_id = ? "
                "AND field IN ('entry', ?) ORDER BY pk DESC LIMIT 1",
                [current, MERGED_INTO]).fetchone()
            if row is None or row[0] != MERGED_INTO:
                return None
            current = json.loads(row[1])
            if current in seen:  # a cycle cannot be made by merges; stop rather than loop
                return None
            seen.add(current)
            into = current
        return into

    def merge_away(self, kept: Entry, version: int, removed_ids: list[str],
                   record: dict[str, Any], *, by: By) -> tuple[Written, list[Entry]]:
        """Save the merged entry over `version` and delete the entries merged into it, in one
        transaction; each removed id remembers the entry it went into, and the kept entry's
        history records the merge (`record`: which ids, which field from where)."""
        at = now()
        with self.db.write():
            written = self.edits.save_entry(kept, version, by=by)
            removed = self.edits.delete_entries(removed_ids, by=by)
            if len(removed) != len(removed_ids):
                gone = sorted(set(removed_ids) - {entry.id for entry in removed})
                raise LibraryError(f"There is no entry {', '.join(gone)} in the library.")
            for entry in removed:
                record_history(self.conn, entry.id, [(MERGED_INTO, None, kept.id)], by, at)
            record_history(self.conn, kept.id, [(MERGED, None, record)], by, at)
            written.version = self.entries.version(kept.id)
        return written, removed

    def unmerge(self, kept: Entry, version: int, restored: list[Entry], *,
                by: By) -> Written:
        """Undo of a merge: the kept entry as it was (over `version`) and the merged-away
        entries back whole, in one transaction."""
        at = now()
        with self.db.write():
            back = self.edits.restore_entries(restored, by=by)
            merged = self.conn.execute(
                "SELECT new FROM history WHERE entry_id = ? AND field = ? "
                "ORDER BY pk DESC LIMIT 1", [kept.id, MERGED]).fetchone()
            if merged is not None:  # the merge's own rows go as its other rows do
                record_history(self.conn, kept.id, [(MERGED, json.loads(merged[0]), None)],
                               by, at)
            for entry in restored:
                record_history(self.conn, entry.id, [(MERGED_INTO, kept.id, None)], by, at)
            written = self.edits.save_entry(kept, version, by=by, restore_source=True)
            written.entry_ids = [kept.id, *back.entry_ids]
            written.version = self.entries.version(kept.id)
        return written


MERGED_INTO = "merged_into"
"""History field of a merged-away id: the id of the entry it went into."""
MERGED = "merged"
"""History field of a kept entry: the ids merged into it and which field came from where."""


@dataclass(frozen=True)
class Curation:
    """How much work an entry holds: what the keeper rule weighs."""

    entry_id: str
    edits: int
    """History rows made by the analyst (not by import, undo or redo)."""
    reviewed: int
    """Items marked reviewed."""
    status: str
    pk: int
    """Smaller is older."""
