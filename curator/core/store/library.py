"""The library: one SQLite file of entries, with every query and write Curator makes."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from ..diff import content_changed, diff_entries
from ..errors import LibraryError, ReadOnlyLibraryError, VersionConflict
from ..model import SECTIONS, Entry, Status
from ..writer import write_seed
from . import rows, schema
from .filters import FACETS, Filter, where
from .items import ItemQueries

BUSY_TIMEOUT_S = 30.0
_TERM_TABLES = {"keyword": ("keywords", "keyword"), "theme": ("themes", "theme")}
PAGE_SIZE_EXPORT = 500


@dataclass
class Stored:
    """What happened to one entry offered to the library by an import."""

    entry_id: str
    title: str
    outcome: str  # imported | updated | unchanged | conflict
    duplicate_of: tuple[str, str] | None = None
    """(id, title) of an existing entry under another id with the same title or link."""
    before: Entry | None = None
    """For an update: the entry as it was, so that the import can be undone."""
    was_edited: bool = False


@dataclass
class Change:
    """What an operation changed, so views can refresh and undo can reverse it."""

    entry_ids: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    version: int | None = None
    before: list[Entry] = field(default_factory=list)
    """The changed entries as they were, where undo needs them whole."""


@dataclass(frozen=True)
class HistoryRow:
    pk: int
    entry_id: str
    field: str
    old: Any
    new: Any
    at: str
    by: str
    reason: str | None


class Library(ItemQueries):
    """An open library file. Not thread-safe: each thread opens its own."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser().absolute()
        exists = schema.check_file(self.path)
        self.read_only = read_only or (exists and not _writable(self.path))
        if self.read_only and not exists:
            raise LibraryError(f"{self.path} does not exist.")
        self.conn = self._connect()
        self.db = Database(self.conn)
        self.backup_path: Path | None = None
        try:
            version = schema.check_schema(self.db, self.path)
            if not self.read_only:
                self._prepare(version)
            elif version < schema.SCHEMA_VERSION:
                raise LibraryError(
                    f"{self.path} is an older library that must be upgraded, "
                    "but it is read-only."
                )
        except BaseException:
            self.conn.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                uri = f"file:{quote(str(self.path))}?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S,
                                       isolation_level=None)
            else:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as error:
            raise LibraryError(f"{self.path} cannot be opened: {error}.") from None
        conn.row_factory = sqlite3.Row
        return conn

    def _prepare(self, version: int) -> None:
        try:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            if version == 0:
                with self._write():
                    if not self.db.table_names():
                        schema.create(self.db)
            else:
                self.backup_path = schema.migrate(self.db, self.path, version)
        except sqlite3.DatabaseError as error:
            raise LibraryError(f"{self.path} is damaged or not a database ({error}).") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, taken at once so that a concurrent writer waits, not fails."""
        if self.read_only:
            raise ReadOnlyLibraryError(f"{self.path} is open read-only.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise LibraryError(f"The library is busy or unavailable: {error}.") from None
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one consistent state of the library, whatever others write."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def _one(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = self.conn.execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    # -- reading -----------------------------------------------------------

    def data_version(self) -> int:
        """Changes when another connection commits; views poll it to refresh."""
        return self._one("PRAGMA data_version")

    def total(self) -> int:
        return self._one("SELECT count(*) FROM entries")

    def count(self, flt: Filter) -> int:
        clause, params = where(flt)
        return self._one(f"SELECT count(*) FROM entries e WHERE {clause}", params)

    def page(
        self, flt: Filter, *, sort: str = "title", descending: bool = False,
        offset: int = 0, limit: int = 200,
    ) -> list[rows.EntryRow]:
        """One page of the entry list for a filter, sorted in SQL."""
        clause, params = where(flt)
        order = _order_by(sort, descending)
        cursor = self.conn.execute(
            f"SELECT {rows.ENTRY_ROW_COLUMNS} FROM entries e WHERE {clause} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [rows.EntryRow(*row) for row in cursor]

    def position(self, flt: Filter, entry_id: str, *, sort: str = "title",
                 descending: bool = False) -> int | None:
        """The row an entry has in the sorted list of a filter, or None if it is not in it.

        Counts the rows before it through the sort column's index, so it stays fast on a
        large library (no scan of the whole filtered list).
        """
        if sort not in schema.ENTRY_SORT_COLUMNS:
            raise ValueError(f"cannot sort by {sort!r}")
        clause, params = where(flt)
        target = self.conn.execute(
            f"SELECT e.pk, e.{sort} FROM entries e WHERE e.id = ? AND {clause}",
            [entry_id, *params],
        ).fetchone()
        if target is None:
            return None
        pk, value = target
        column = "e.title COLLATE NOCASE" if sort == "title" else f"e.{sort}"
        # SQLite sorts NULL first ascending, last descending; ties go by pk in the same direction.
        if value is None:
            before = (f"({column} IS NOT NULL OR e.pk > ?)" if descending
                      else f"({column} IS NULL AND e.pk < ?)")
            values = [pk]
        elif descending:
            before = f"({column} > ? OR ({column} = ? AND e.pk > ?))"
            values = [value, value, pk]
        else:
            before = f"({column} IS NULL OR {column} < ? OR ({column} = ? AND e.pk < ?))"
            values = [value, value, pk]
        return self._one(
            f"SELECT count(*) FROM entries e WHERE {clause} AND {before}", [*params, *values]
        )

    def ids(self, flt: Filter, *, sort: str = "title", descending: bool = False) -> list[str]:
        """Every id a filter selects, in list order (for selecting all)."""
        clause, params = where(flt)
        order = _order_by(sort, descending)
        cursor = self.conn.execute(
            f"SELECT e.id FROM entries e WHERE {clause} ORDER BY {order}", params
        )
        return [row[0] for row in cursor]

    def facet_counts(self, flt: Filter, facet: str, *, limit: int = 200) -> list[tuple[str, int]]:
        """Values of a facet with how many entries of the filter have each, most first.

        Status, category and type are counted without their own choices, so the other
        values stay visible to add; keywords and themes narrow, so they keep theirs.
        """
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}")
        if facet in ("status", "category", "type"):
            clause, params = where(flt.without_facet(facet))
            sql = (f"SELECT e.{facet}, count(*) FROM entries e WHERE {clause} "
                   f"GROUP BY e.{facet} ORDER BY count(*) DESC, e.{facet} LIMIT ?")
        else:
            table, column = ("keywords", "keyword") if facet == "keyword" else ("themes", "theme")
            clause, params = where(flt)
            if clause == "1":
                sql = (f"SELECT {column}, count(DISTINCT entry_pk) FROM {table} "
                       f"GROUP BY {column} ORDER BY 2 DESC, {column} LIMIT ?")
            else:
                sql = (f"SELECT t.{column}, count(DISTINCT t.entry_pk) FROM {table} t "
                       f"JOIN entries e ON e.pk = t.entry_pk WHERE {clause} "
                       f"GROUP BY t.{column} ORDER BY 2 DESC, t.{column} LIMIT ?")
        return [(row[0] or "", row[1]) for row in self.conn.execute(sql, [*params, limit])]

    def has(self, entry_id: str) -> bool:
        return self._one("SELECT 1 FROM entries WHERE id = ?", [entry_id]) is not None

    def version(self, entry_id: str) -> int:
        value = self._one("SELECT version FROM entries WHERE id = ?", [entry_id])
        if value is None:
            raise LibraryError(f"There is no entry {entry_id} in the library.")
        return value

    def get_entry(self, entry_id: str) -> Entry:
        """One entry in full."""
        found = list(self._entry_dicts("e.id = ?", [entry_id]))
        if not found:
            raise LibraryError(f"There is no entry {entry_id} in the library.")
        return Entry.model_validate(found[0])

    def iter_entry_dicts(self, flt: Filter) -> Iterator[dict[str, Any]]:
        """Entries of a filter as export dicts, read in pages so memory stays flat."""
        clause, params = where(flt)
        last = 0
        while True:
            batch = list(self._entry_dicts(
                f"e.pk > ? AND {clause}", [last, *params], limit=PAGE_SIZE_EXPORT
            ))
            yield from (entry for _, entry in batch)
            if len(batch) < PAGE_SIZE_EXPORT:
                return
            last = batch[-1][0]

    def _entry_dicts(
        self, clause: str, params: list[Any], limit: int | None = None
    ) -> list[tuple[int, dict[str, Any]]] | Iterator[dict[str, Any]]:
        sql = f"SELECT e.* FROM entries e WHERE {clause} ORDER BY e.pk"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        entries = [dict(row) for row in self.conn.execute(sql, params)]
        if not entries:
            return []
        pks = json.dumps([row["pk"] for row in entries])
        items: dict[int, list[dict[str, Any]]] = {row["pk"]: [] for row in entries}
        for row in self.conn.execute(
            "SELECT * FROM items WHERE entry_pk IN (SELECT value FROM json_each(?)) "
            "ORDER BY entry_pk, section, position", [pks]
        ):
            items[row["entry_pk"]].append(dict(row))
        terms = {name: {row["pk"]: [] for row in entries} for name in ("keyword", "theme")}
        for table, column in (("keywords", "keyword"), ("themes", "theme")):
            for row in self.conn.execute(
                f"SELECT entry_pk, {column} FROM {table} WHERE entry_pk IN "
                f"(SELECT value FROM json_each(?)) ORDER BY entry_pk, position", [pks]
            ):
                terms[column][row[0]].append(row[1])
        result = []
        for row in entries:
            pk = row["pk"]
            entry = rows.entry_dict(row, items[pk], terms["keyword"][pk], terms["theme"][pk])
            result.append((pk, entry))
        if limit is None:
            return iter(entry for _, entry in result)
        return result

    def seed_text(self, entry_id: str) -> str:
        """The entry as seed text: its file's own text while never edited, else written anew."""
        text = self._one("SELECT source_text FROM entries WHERE id = ?", [entry_id])
        return text if text is not None else write_seed(self.get_entry(entry_id))

    def history(self, entry_id: str) -> list[HistoryRow]:
        cursor = self.conn.execute(
            "SELECT pk, entry_id, field, old, new, at, by, reason FROM history "
            "WHERE entry_id = ? ORDER BY pk DESC", [entry_id]
        )
        return [
            HistoryRow(r[0], r[1], r[2], _loads(r[3]), _loads(r[4]), r[5], r[6], r[7])
            for r in cursor
        ]

    def views(self) -> list[tuple[str, Filter]]:
        """Saved views: named searches and filters."""
        cursor = self.conn.execute("SELECT name, filter FROM views ORDER BY name COLLATE NOCASE")
        return [(name, Filter.from_json(json.loads(text))) for name, text in cursor]

    # -- importing ---------------------------------------------------------

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
            duplicate = self._duplicate_of(entry)
            self._insert(entry, digest, verbatim, batch, entry_updated=_ts(entry.updated_at) or at)
            self._record(entry.id, [("entry", None, f"imported from {entry.source.file or 'JSON'}")],
                         "import", at)
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
        self._record(entry.id, diff_entries(old, entry), "import", at)
        return Stored(entry.id, entry.title, "updated", before=old,
                      was_edited=bool(found["edited"]))

    def _duplicate_of(self, entry: Entry) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT id, title FROM entries WHERE id != ? AND "
            "(title = ? COLLATE NOCASE OR (? IS NOT NULL AND url = ?)) LIMIT 1",
            [entry.id, entry.title, entry.url, entry.url],
        ).fetchone()
        return (row[0], row[1]) if row else None

    # -- writing -----------------------------------------------------------

    def _insert(self, entry: Entry, digest: str, verbatim: str | None, batch: int | None,
                entry_updated: str, version: int = 1, edited: bool = False) -> int:
        columns = rows.entry_columns(entry)
        columns.update(content_hash=digest, source_text=verbatim, import_batch=batch,
                       version=version, edited=int(edited), updated_at=entry_updated)
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        pk = self.conn.execute(
            f"INSERT INTO entries ({names}) VALUES ({marks})", list(columns.values())
        ).lastrowid
        self._write_children(pk, entry)
        return pk

    def _replace(self, pk: int, entry: Entry, digest: str, verbatim: str | None, version: int,
                 *, edited: bool, at: str, batch: int | None = None) -> None:
        columns = rows.entry_columns(entry)
        columns.update(content_hash=digest, source_text=verbatim, version=version,
                       edited=int(edited), updated_at=at)
        if batch is not None:
            columns["import_batch"] = batch
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self.conn.execute(f"UPDATE entries SET {assignments} WHERE pk = ?", [*columns.values(), pk])
        for table in ("items", "keywords", "themes"):
            self.conn.execute(f"DELETE FROM {table} WHERE entry_pk = ?", [pk])
        self.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", [pk])
        self._write_children(pk, entry)

    def _write_children(self, pk: int, entry: Entry) -> None:
        item_rows = rows.item_rows(pk, entry)
        if item_rows:
            names = list(item_rows[0])
            self.conn.executemany(
                f"INSERT INTO items ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [list(r.values()) for r in item_rows],
            )
        self.conn.executemany(
            "INSERT INTO keywords (entry_pk, position, keyword) VALUES (?, ?, ?)",
            [(pk, i, k) for i, k in enumerate(entry.keywords)],
        )
        self.conn.executemany(
            "INSERT INTO themes (entry_pk, position, theme) VALUES (?, ?, ?)",
            [(pk, i, t) for i, t in enumerate(entry.themes)],
        )
        fts = rows.fts_row(pk, entry)
        self.conn.execute(
            "INSERT INTO entries_fts (rowid, title, summary, keywords, themes, items) "
            "VALUES (?, ?, ?, ?, ?, ?)", list(fts.values()),
        )

    def _record(self, entry_id: str, changes: list[tuple[str, Any, Any]], by: str, at: str,
                reason: str | None = None) -> None:
        self.conn.executemany(
            "INSERT INTO history (entry_id, field, old, new, at, by, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(entry_id, path, _dumps(old), _dumps(new), at, by, reason)
             for path, old, new in changes],
        )

    def save_entry(self, entry: Entry, expected_version: int, *, by: str = "edit",
                   edited: bool | None = None, restore_source: bool = False) -> Change:
        """Save an edited entry over the version it was based on; record what changed.

        `edited` marks whether the analyst's hand is in it (re-imports then conflict);
        by default any change of content marks it. The entry's source stays the stored
        one unless `restore_source` (undo puts an earlier file's version back).
        """
        at = rows.now()
        with self._write():
            found = self.conn.execute(
                "SELECT pk, version, edited, source_text, content_hash FROM entries WHERE id = ?",
                [entry.id],
            ).fetchone()
            if found is None:
                raise LibraryError(f"There is no entry {entry.id} in the library.")
            if found["version"] != expected_version:
                raise VersionConflict(entry.id, expected_version, found["version"])
            old = self.get_entry(entry.id)
            if not restore_source:
                entry = entry.model_copy(update={"source": old.source})
            changes = diff_entries(old, entry)
            if not changes:
                return Change([entry.id], [], found["version"], [old])
            if edited is None:
                edited = bool(found["edited"]) or content_changed(changes)
            verbatim = None if content_changed(changes) else found["source_text"]
            digest = rows.content_hash(write_seed(entry))
            version = found["version"] + 1
            self._replace(found["pk"], entry, digest, verbatim, version, edited=edited, at=at)
            self._record(entry.id, changes, by, at)
            return Change([entry.id], [path for path, _, _ in changes], version, [old])

    def statuses(self, entry_ids: Iterable[str]) -> dict[str, str]:
        """The status of each of these entries (for undoing a status change)."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(entry_ids), 500):
            found.update(self.conn.execute(
                "SELECT id, status FROM entries WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(chunk)],
            ).fetchall())
        return found

    def set_terms(self, facet: str, terms_by_id: dict[str, list[str]], *,
                  by: str = "bulk") -> Change:
        """Replace the keywords (or themes) of several entries in one transaction."""
        table, column = _TERM_TABLES[facet]
        at = rows.now()
        changed: list[str] = []
        with self._write():
            for entry_id, terms in terms_by_id.items():
                pk = self._one("SELECT pk FROM entries WHERE id = ?", [entry_id])
                if pk is None:
                    continue
                old = [r[0] for r in self.conn.execute(
                    f"SELECT {column} FROM {table} WHERE entry_pk = ? ORDER BY position", [pk])]
                if old == terms:
                    continue
                self.conn.execute(f"DELETE FROM {table} WHERE entry_pk = ?", [pk])
                self.conn.executemany(
                    f"INSERT INTO {table} (entry_pk, position, {column}) VALUES (?, ?, ?)",
                    [(pk, i, t) for i, t in enumerate(terms)],
                )
                self.conn.execute(f"UPDATE entries_fts SET {table} = ? WHERE rowid = ?",
                                  ["\n".join(terms), pk])
                self.conn.execute(
                    "UPDATE entries SET version = version + 1, edited = 1, source_text = NULL, "
                    "updated_at = ? WHERE pk = ?", [at, pk])
                self._record(entry_id, [(table, old, terms)], by, at)
                changed.append(entry_id)
            self._refresh_content_hashes(changed)
        return Change(changed, [table])

    def _refresh_content_hashes(self, entry_ids: list[str]) -> None:
        for entry_id in entry_ids:
            digest = rows.content_hash(write_seed(self.get_entry(entry_id)))
            self.conn.execute("UPDATE entries SET content_hash = ? WHERE id = ?", [digest, entry_id])

    def terms(self, facet: str, entry_ids: Iterable[str]) -> dict[str, list[str]]:
        """The keywords (or themes) of each of these entries, in their order."""
        table, column = _TERM_TABLES[facet]
        found: dict[str, list[str]] = {}
        for chunk in _chunks(list(entry_ids), 500):
            for entry_id in chunk:
                found.setdefault(entry_id, [])
            for entry_id, term in self.conn.execute(
                f"SELECT e.id, t.{column} FROM entries e JOIN {table} t ON t.entry_pk = e.pk "
                f"WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id, t.position",
                [json.dumps(chunk)],
            ):
                found[entry_id].append(term)
        return {entry_id: terms for entry_id, terms in found.items() if self.has(entry_id)}

    def history_row(self, pk: int) -> HistoryRow | None:
        row = self.conn.execute(
            "SELECT pk, entry_id, field, old, new, at, by, reason FROM history WHERE pk = ?", [pk]
        ).fetchone()
        if row is None:
            return None
        return HistoryRow(row[0], row[1], row[2], _loads(row[3]), _loads(row[4]), row[5],
                          row[6], row[7])

    def set_status(self, entry_ids: Iterable[str], status: Status | str, *,
                   by: str = "edit") -> Change:
        """Set the status of entries in one transaction."""
        status = Status(status)
        at = rows.now()
        changed: list[str] = []
        with self._write():
            for chunk in _chunks(list(entry_ids), 500):
                found = self.conn.execute(
                    "SELECT id, status FROM entries WHERE id IN (SELECT value FROM json_each(?))"
                    " AND status != ?", [json.dumps(chunk), status.value],
                ).fetchall()

                ids = [row[0] for row in found]
                self.conn.execute(
                    "UPDATE entries SET status = ?, version = version + 1, updated_at = ? "
                    "WHERE id IN (SELECT value FROM json_each(?))",
                    [status.value, at, json.dumps(ids)],
                )
                self.conn.executemany(
                    "INSERT INTO history (entry_id, field, old, new, at, by) VALUES (?,?,?,?,?,?)",
                    [(row[0], "status", _dumps(row[1]), _dumps(status.value), at, by)
                     for row in found],
                )
                changed += ids
        return Change(changed, ["status"])

    def set_relevancy(self, entry_id: str, section: str, position: int, value: int, *,
                      by: str = "edit", reason: str | None = None) -> Change:
        """Change one item's score; the history keeps the old one and the reason."""
        if section not in SECTIONS:
            raise ValueError(f"unknown section {section!r}")
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError("relevancy must be a whole number from 1 to 5")
        at = rows.now()
        with self._write():
            found = self.conn.execute(
                "SELECT i.pk, i.relevancy, e.pk FROM items i JOIN entries e ON e.pk = i.entry_pk "
                "WHERE e.id = ? AND i.section = ? AND i.position = ?",
                [entry_id, section, position],
            ).fetchone()
            if found is None:
                raise LibraryError(f"Entry {entry_id} has no {section} item {position + 1}.")
            item_pk, old, entry_pk = found
            if old == value:
                return Change([entry_id], [])
            self.conn.execute("UPDATE items SET relevancy = ? WHERE pk = ?", [value, item_pk])
            self.conn.execute(
                "UPDATE entries SET version = version + 1, edited = 1, source_text = NULL, "
                "updated_at = ?, max_relevancy = (SELECT max(relevancy) FROM items "
                "WHERE entry_pk = ?), mean_relevancy = (SELECT round(avg(relevancy), 3) "
                "FROM items WHERE entry_pk = ?) WHERE pk = ?",
                [at, entry_pk, entry_pk, entry_pk],
            )
            path = f"{section}.{position}.relevancy"
            self._record(entry_id, [(path, old, value)], by, at, reason)
            entry = self.get_entry(entry_id)
            self.conn.execute("UPDATE entries SET content_hash = ? WHERE pk = ?",
                              [rows.content_hash(write_seed(entry)), entry_pk])
        return Change([entry_id], [path], self.version(entry_id))

    def delete_entries(self, entry_ids: Iterable[str], *, by: str = "edit") -> list[Entry]:
        """Delete entries in one transaction; return them whole, so that undo can restore."""
        at = rows.now()
        removed: list[Entry] = []
        with self._write():
            for entry_id in entry_ids:
                pk = self._one("SELECT pk FROM entries WHERE id = ?", [entry_id])
                if pk is None:
                    continue
                removed.append(self.get_entry(entry_id))
                for table in ("items", "keywords", "themes"):
                    self.conn.execute(f"DELETE FROM {table} WHERE entry_pk = ?", [pk])
                self.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", [pk])
                self.conn.execute("DELETE FROM entries WHERE pk = ?", [pk])
                self._record(entry_id, [("entry", "present", "deleted")], by, at)
        return removed

    def restore_entries(self, entries: Iterable[Entry], *, by: str = "edit") -> Change:
        """Put deleted entries back (undo of a delete)."""
        at = rows.now()
        restored = []
        with self._write():
            for entry in entries:
                if self.has(entry.id):
                    continue
                text = write_seed(entry)
                self._insert(entry, rows.content_hash(text), None, None,
                             entry_updated=_ts(entry.updated_at) or at, edited=True)
                self._record(entry.id, [("entry", "deleted", "restored")], by, at)
                restored.append(entry.id)
        return Change(restored, ["entry"])

    def save_view(self, name: str, flt: Filter) -> None:
        with self._write():
            self.conn.execute(
                "INSERT OR REPLACE INTO views (name, filter) VALUES (?, ?)",
                [name, json.dumps(flt.to_json())],
            )

    def delete_view(self, name: str) -> None:
        with self._write():
            self.conn.execute("DELETE FROM views WHERE name = ?", [name])

    def backup(self, target: str | os.PathLike[str]) -> None:
        """A consistent copy of the library, made with SQLite's backup API."""
        destination = sqlite3.connect(target)
        try:
            self.conn.backup(destination)
        finally:
            destination.close()


def _order_by(sort: str, descending: bool) -> str:
    if sort not in schema.ENTRY_SORT_COLUMNS:
        raise ValueError(f"cannot sort by {sort!r}")
    column = "e.title COLLATE NOCASE" if sort == "title" else f"e.{sort}"
    direction = "DESC" if descending else "ASC"
    return f"{column} {direction}, e.pk {direction}"


def _writable(path: Path) -> bool:
    mode = path.stat().st_mode
    # Root may write anything: honour the file's own write bits too, as the user set them.
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def _chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _ts(value: Any) -> str | None:
    return rows.timestamp(value) if value is not None else None
