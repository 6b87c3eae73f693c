"""Storing imported entries by the re-import rules, and the record of each import run."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from ..identity import link_key, title_key
from . import rows
from .db import Db
from .duplicates import Duplicates
from .entries import Entries
from .records import By, Stored, ts
from .writes import insert_entry, record_history, replace_entry

if TYPE_CHECKING:
    from ..model import Entry


class Imports:
    """`library.imports`: what an import writes, and the record of each import run."""

    def __init__(self, db: Db, entries: Entries, duplicates: Duplicates) -> None:
        self.db = db
        self.conn = db.conn
        self.entries = entries
        self.duplicates = duplicates

    def begin(self, paths: list[str]) -> int:
        """Record an import run; entries it touches carry its number."""
        with self.db.write():
            cursor = self.conn.execute(
                "INSERT INTO imports (started_at, paths, summary) VALUES (?, ?, '')",
                [rows.now(), json.dumps(paths)],
            )
            assert cursor.lastrowid is not None  # an INSERT always gives one
            return cursor.lastrowid

    def last(self) -> int | None:
        """The most recent import run, for "show what was just imported"."""
        return self.db.one("SELECT max(pk) FROM imports")

    def finish(self, batch: int, summary: str) -> None:
        with self.db.write():
            self.conn.execute("UPDATE imports SET summary = ? WHERE pk = ?", [summary, batch])

    def unchanged_source(self, entry_id: str, sha256: str) -> bool:
        """Whether the library holds this entry from these very bytes (import skips it)."""
        return self.db.one(
            "SELECT 1 FROM entries WHERE id = ? AND source_sha256 = ?", [entry_id, sha256]
        ) is not None

    def store(
        self,
        offered: list[tuple[Entry, str | None]],
        *,
        batch: int | None = None,
        overwrite: bool | frozenset[str] = False,
        keep_curation: bool = True,
    ) -> list[Stored]:
        """Store the entries of one file in one transaction, by the re-import rules.

        `offered` pairs each entry with its file's decoded text (None for JSON). New ids are
        added; a changed entry the analyst never edited is updated; one they edited is a
        conflict and kept, unless `overwrite` is True or names its id. With
        `keep_curation` (seed files) an update keeps the entry's status and notes.
        """
        at = rows.now()
        with self.db.write():
            return [
                self._store_one(entry, text, batch, overwrite, keep_curation, at)
                for entry, text in offered
            ]

    def _store_one(
        self, entry: Entry, text: str | None, batch: int | None,
        overwrite: bool | frozenset[str], keep_curation: bool, at: str,
    ) -> Stored:
        # Imported here: they need the models, which opening a library does not.
        from ..diff import diff_entries, item_names
        from ..writer import write_seed

        canonical = write_seed(entry)
        digest = rows.content_hash(canonical)
        verbatim = text if text is not None and text != canonical else None
        found = self.conn.execute(
            "SELECT pk, content_hash, edited, version, status, notes FROM entries WHERE id = ?",
            [entry.id],
        ).fetchone()
        if entry.source.imported_at is None:
            entry = entry.model_copy(
                update={"source": entry.source.model_copy(
                    update={"imported_at": datetime.fromisoformat(at)})}
            )
        if found is None:
            into = self.duplicates.merged_into(entry.id)
            if into is not None:  # merged away: bringing it back would undo the merge
                title = self.db.one("SELECT title FROM entries WHERE id = ?", [into])
                return Stored(entry.id, entry.title, "merged", (into, title))
            duplicate = self._duplicate_of(entry)
            insert_entry(self.conn, entry, digest, verbatim, batch,
                         entry_updated=ts(entry.updated_at) or at)
            origin = f"imported from {entry.source.file or 'JSON'}"
            record_history(self.conn, entry.id, [("entry", None, origin)], By.IMPORT, at)
            return Stored(entry.id, entry.title, "imported", duplicate)
        if found["content_hash"] == digest:
            return Stored(entry.id, entry.title, "unchanged")
        forced = overwrite is True or (isinstance(overwrite, frozenset) and entry.id in overwrite)
        if found["edited"] and not forced:
            return Stored(entry.id, entry.title, "conflict")
        old = self.entries.get(entry.id)
        if keep_curation:
            entry = entry.model_copy(update={"status": old.status, "notes": old.notes})
        replace_entry(self.conn, found["pk"], entry, digest, verbatim, found["version"] + 1,
                      edited=False, at=at, batch=batch)
        changes = diff_entries(old, entry)
        record_history(self.conn, entry.id, changes, By.IMPORT, at, names=item_names(old, changes))
        return Stored(entry.id, entry.title, "updated", before=old,
                      was_edited=bool(found["edited"]))

    def _duplicate_of(self, entry: Entry) -> tuple[str, str] | None:
        # Normalized keys (see identity.title_key), each with its index.
        url = link_key(entry.url)
        row = self.conn.execute(
            "SELECT id, title FROM entries WHERE id != ? AND "
            "(title_key = ? OR (? IS NOT NULL AND url_key = ?)) LIMIT 1",
            [entry.id, title_key(entry.title), url, url],
        ).fetchone()
        return (row[0], row[1]) if row else None
