"""Storing imported entries by the re-import rules, and the record of each import run."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..diff import diff_entries
from ..identity import link_key, title_key
from ..model import Entry
from ..writer import write_seed
from . import rows
from .records import By, Stored, ts


class ImportWrites:
    """Mixed into Library: what an import writes. Uses the library's transaction helpers."""

    conn: Any

    def begin_import(self, paths: list[str]) -> int:
        """Record an import run; entries it touches carry its number."""
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO imports (started_at, paths, summary) VALUES (?, ?, '')",
                [rows.now(), json.dumps(paths)],
            )
            return cursor.lastrowid

    def last_import(self) -> int | None:
        """The most recent import run, for "show what was just imported"."""
        return self._one("SELECT max(pk) FROM imports")

    def finish_import(self, batch: int, summary: str) -> None:
        with self._write():
            self.conn.execute("UPDATE imports SET summary = ? WHERE pk = ?", [summary, batch])

    def unchanged_source(self, entry_id: str, sha256: str) -> bool:
        """Whether the library holds this entry from these very bytes (import skips it)."""
        return self._one(
            "SELECT 1 FROM entries WHERE id = ? AND source_sha256 = ?", [entry_id, sha256]
        ) is not None

    def store_imported(
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
        with self._write():
            return [
                self._store_one(entry, text, batch, overwrite, keep_curation, at)
                for entry, text in offered
            ]

    def _store_one(
        self, entry: Entry, text: str | None, batch: int | None,
        overwrite: bool | frozenset[str], keep_curation: bool, at: str,
    ) -> Stored:
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
            into = self.merged_into(entry.id)  # type: ignore[attr-defined]
            if into is not None:  # merged away: bringing it back would undo the merge
                return Stored(entry.id, entry.title, "merged",
                              (into, self._one("SELECT title FROM entries WHERE id = ?", [into])))
            duplicate = self._duplicate_of(entry)
            self._insert(entry, digest, verbatim, batch, entry_updated=ts(entry.updated_at) or at)
            self._record(entry.id, [("entry", None, f"imported from {entry.source.file or 'JSON'}")],
                         By.IMPORT, at)
            return Stored(entry.id, entry.title, "imported", duplicate)
        if found["content_hash"] == digest:
            return Stored(entry.id, entry.title, "unchanged")
        forced = overwrite is True or (isinstance(overwrite, frozenset) and entry.id in overwrite)
        if found["edited"] and not forced:
            return Stored(entry.id, entry.title, "conflict")
        old = self.get_entry(entry.id)
        if keep_curation:
            entry = entry.model_copy(update={"status": old.status, "notes": old.notes})
        self._replace(found["pk"], entry, digest, verbatim, found["version"] + 1,
                      edited=False, at=at, batch=batch)
        self._record(entry.id, diff_entries(old, entry), By.IMPORT, at)
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
