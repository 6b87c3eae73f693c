"""The library: one SQLite file of entries, with every query and write Curator makes."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import LibraryError, ReadOnlyLibraryError
from ..model import Entry
from ..query.folding import register
from ..writer import write_seed
from . import rows, schema
from .duplicates import DuplicateQueries
from .editing import EditWrites
from .filters import FACETS, Filter, count_sql, where, word_match
from .fts import FTS_COUNT
from .importing import ImportWrites
from .items import ItemQueries
from .outputs import OutputQueries
from .records import By, HistoryRow, by_of, dumps, loads
from .values import field_values

BUSY_TIMEOUT_S = 30.0
BROAD_SEARCH = 0.2
"""Above this share of the library matching, a page walks the sort index, not the matches."""
PAGE_SIZE_EXPORT = 500


class Library(ImportWrites, EditWrites, ItemQueries, DuplicateQueries, OutputQueries):
    """An open library file. Not thread-safe: each thread opens its own."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser().absolute()
        exists = schema.check_file(self.path)
        self.read_only = read_only or (exists and not _writable(self.path))
        self._depth = 0  # how deep in nested writes; 0 when no transaction is open
        if self.read_only and not exists:
            raise LibraryError(f"{self.path} does not exist.")
        self.conn = self._connect()
        self.backup_path: Path | None = None
        self._broad_answers: dict[str, tuple[tuple[int, int], bool]] = {}
        try:
            version = schema.check_schema(self.conn, self.path)
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
            register(conn)
        except sqlite3.Error as error:
            raise LibraryError(f"{self.path} cannot be opened: {error}.") from None
        conn.row_factory = sqlite3.Row
        return conn

    def _prepare(self, version: int) -> None:
        try:
            self._use_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            if version == 0:
                with self._write():
                    if not schema.table_names(self.conn):
                        schema.create(self.conn)
            else:
                self.backup_path = schema.migrate(self.conn, self.path, version)
            if schema.missing_indexes(self.conn):
                with self._write():
                    schema.ensure_indexes(self.conn)
        except sqlite3.DatabaseError as error:
            raise schema.open_error(self.path, error) from None

    def _use_wal(self) -> None:
        # Switching a file to WAL needs it to itself, and SQLite does not wait for that (no
        # busy handler): two programs opening the same new library at once would have one
        # fail with "database is locked". So wait here, as long as any other write would.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def check_integrity(self) -> None:
        """Refuse a library damaged past its schema, before anything is written to it."""
        try:
            result = self._one("PRAGMA quick_check(1)")
        except sqlite3.DatabaseError as error:
            result = str(error)
        if result != "ok":
            raise LibraryError(f"{self.path} is damaged ({result}); nothing was changed. "
                               "Restore it from a backup.")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, taken at once so that a concurrent writer waits, not fails.

        Inside `transaction()` it joins the open one: an operation of several writes
        commits them together or not at all.
        """
        if self.read_only:
            raise ReadOnlyLibraryError(f"{self.path} is open read-only.")
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise LibraryError(f"The library is busy or unavailable: {error}.") from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around several store writes (each joins it)."""
        return self._write()

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
        query, only_words = word_match(flt)
        if query and only_words and replace(flt, search="", query="") == Filter():
            # A bare search: the index counts its matches without visiting the entries.
            return self._one(FTS_COUNT, [query])
        clause, params = where(flt)
        return self._one(count_sql("entries e", clause), params)

    def _broad_search(self, flt: Filter) -> bool:
        """Whether a search matches so much that walking the sort index beats sorting."""
        query, _ = word_match(flt)
        if not query:
            return False
        # Asked for every page while a search is scrolled: counting the matches again each
        # time cost ~6 ms a page on 100,000 entries. The answer holds until a change.
        version = (self.data_version(), self.conn.total_changes)
        known = self._broad_answers.get(query)
        if known is not None and known[0] == version:
            return known[1]
        matches = self._one(FTS_COUNT, [query])
        broad = matches > BROAD_SEARCH * max(self.total(), 1)
        if len(self._broad_answers) > 64:
            self._broad_answers.clear()
        self._broad_answers[query] = (version, broad)
        return broad

    def page(
        self, flt: Filter, *, sort: str = "title", descending: bool = False,
        offset: int = 0, limit: int = 200,
    ) -> list[rows.EntryRow]:
        """One page of the entry list for a filter, sorted in SQL."""
        order = _order_by(sort, descending)
        broad = self._broad_search(flt)
        clause, params = where(flt, search_last=broad)
        table = f"entries e INDEXED BY entries_by_{sort}" if broad else "entries e"
        cursor = self.conn.execute(
            f"SELECT {rows.ENTRY_ROW_COLUMNS} FROM {table} WHERE {clause} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return list(map(rows.EntryRow._make, cursor))

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

    def field_values(self, field: str, text: str = "", limit: int = 50) -> list[str]:
        """Values of `keyword`, `theme`, `category`, `type` or `status` containing `text`,
        for the search field's completion (see store.values)."""
        return field_values(self.conn, field, text, limit)

    def has(self, entry_id: str) -> bool:
        return self._one("SELECT 1 FROM entries WHERE id = ?", [entry_id]) is not None

    def version(self, entry_id: str) -> int:
        value = self._one("SELECT version FROM entries WHERE id = ?", [entry_id])
        if value is None:
            raise LibraryError(f"There is no entry {entry_id} in the library.")
        return value

    def get_entry(self, entry_id: str) -> Entry:
        """One entry in full."""
        found = [entry for _, entry in self._entry_dicts("e.id = ?", [entry_id])]
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
    ) -> list[tuple[int, dict[str, Any]]]:
        """Export dicts of the entries matching `clause`, each with its row's pk."""
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
        terms: dict[str, dict[int, list[str]]] = {
            name: {row["pk"]: [] for row in entries} for name in ("keyword", "theme")}
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
            HistoryRow(r[0], r[1], r[2], loads(r[3]), loads(r[4]), r[5], by_of(r[6]), r[7])
            for r in cursor
        ]

    def views(self) -> list[tuple[str, Filter]]:
        """Saved views: named searches and filters."""
        cursor = self.conn.execute("SELECT name, filter FROM views ORDER BY name COLLATE NOCASE")
        return [(name, Filter.from_json(json.loads(text))) for name, text in cursor]

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

    def _record(self, entry_id: str, changes: list[tuple[str, Any, Any]], by: By | str, at: str,
                reason: str | None = None) -> None:
        self.conn.executemany(
            "INSERT INTO history (entry_id, field, old, new, at, by, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(entry_id, path, dumps(old), dumps(new), at, by, reason)
             for path, old, new in changes],
        )

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
