"""Reading entries: the entry list (pages, counts, facets, positions) and entries whole."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import LibraryError
from . import rows, schema
from .db import Db
from .filters import FACETS, Filter, count_sql, where, word_match
from .fts import FTS_COUNT
from .records import HistoryRow, by_of, loads
from .values import field_values

if TYPE_CHECKING:
    from ..model import Entry

BROAD_SEARCH = 0.2
"""Above this share of the library matching, a page walks the sort index, not the matches."""
PAGE_SIZE_EXPORT = 500
PROGRESS_STEPS = 10_000
"""How many SQLite steps between looks at the clock while a count has a time limit."""


class Entries:
    """`library.entries`: what the entry list, the detail and the exports read."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.conn = db.conn
        self._broad_answers: dict[str, tuple[tuple[int, int], bool]] = {}
        self._counts: dict[Filter, tuple[tuple[int, int], int]] = {}

    def total(self) -> int:
        return self.db.one("SELECT count(*) FROM entries")

    def count(self, flt: Filter) -> int:
        """How many entries a filter selects."""
        found = self.count_within(flt, None)
        assert found is not None  # no time limit: always counted
        return found

    def count_within(self, flt: Filter, seconds: float | None) -> int | None:
        """The count, or None if it would take longer than `seconds` (then stopped there).

        What the entry list asks first: a count that takes long (every entry's items read
        for a word) is left to a worker thread while the first page is shown.
        """
        if seconds is None:
            return self._count(flt)
        deadline = time.perf_counter() + seconds

        def past_deadline() -> bool:
            return time.perf_counter() > deadline

        self.conn.set_progress_handler(past_deadline, PROGRESS_STEPS)
        try:
            return self._count(flt)
        except sqlite3.OperationalError as error:
            if not past_deadline() or "interrupted" not in str(error):
                raise
            return None
        finally:
            self.conn.set_progress_handler(None, 0)

    def _count(self, flt: Filter) -> int:
        query, only_words = word_match(flt)
        if query and only_words and replace(flt, search="", query="") == Filter():
            # A bare search: the index counts its matches without visiting the entries.
            return self.db.one(FTS_COUNT, [query])
        # As a page does: a search most entries match is tested last, not walked first (a
        # combined query counted in 0.2 s, not 0.75 s, on 100,000 entries).
        clause, params = where(flt, search_last=self._broad_search(flt))
        found = self.db.one(count_sql("entries e", clause), params)
        if len(self._counts) > 64:
            self._counts.clear()
        self._counts[flt] = (self._state(), found)
        return found

    def _state(self) -> tuple[int, int]:
        """Changes whenever the library does, by this connection or another."""
        return self.db.data_version(), self.conn.total_changes

    def _narrow_query(self, flt: Filter) -> bool:
        """Whether a filter with query terms is known (from its count) to match few entries.

        Walking the sort index and reading each entry's row to test them takes seconds when
        few match (1.2 s for changed:yes on 100,000 entries: a row is pages of text); the
        matches found first, then the index walked testing only its pks, takes 20 ms.
        """
        known = self._counts.get(flt)
        if known is None or known[0] != self._state():
            return False
        _, only_words = word_match(flt)
        return not only_words and known[1] <= BROAD_SEARCH * max(self.total(), 1)

    def _broad_search(self, flt: Filter) -> bool:
        """Whether a search matches so much that walking the sort index beats sorting."""
        query, _ = word_match(flt)
        if not query:
            return False
        # Asked for every page while a search is scrolled: counting the matches again each
        # time cost ~6 ms a page on 100,000 entries. The answer holds until a change.
        version = self._state()
        known = self._broad_answers.get(query)
        if known is not None and known[0] == version:
            return known[1]
        matches = self.db.one(FTS_COUNT, [query])
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
        sql = (f"SELECT {rows.ENTRY_ROW_COLUMNS} FROM {table} WHERE {clause} "
               f"ORDER BY {order} LIMIT ? OFFSET ?")
        if not broad and self._narrow_query(flt) and self._scans(sql, params):
            table = f"entries e INDEXED BY entries_by_{sort}"
            sql = (f"SELECT {rows.ENTRY_ROW_COLUMNS} FROM {table} WHERE +e.pk IN "
                   f"(SELECT e.pk FROM entries e WHERE {clause}) ORDER BY {order} LIMIT ? OFFSET ?")
        cursor = self.conn.execute(sql, [*params, limit, offset])
        return list(map(rows.EntryRow._make, cursor))

    def _scans(self, sql: str, params: list[Any]) -> bool:
        """Whether SQLite would answer by walking all of the entries (a sort index)."""
        plan = self.conn.execute(f"EXPLAIN QUERY PLAN {sql}", [*params, 0, 0]).fetchall()
        return any(row[1] == 0 and str(row[3]).startswith("SCAN e ") for row in plan)

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
        if not word_match(flt)[1]:
            # Query terms may read each entry's row (pages of text): test the entries before
            # it against the matches instead (0.36 s -> 58 ms for signal.relevancy:5).
            clause = f"+e.pk IN (SELECT e.pk FROM entries e WHERE {clause})"
        return self.db.one(
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
        return self.db.one("SELECT 1 FROM entries WHERE id = ?", [entry_id]) is not None

    def version(self, entry_id: str) -> int:
        value = self.db.one("SELECT version FROM entries WHERE id = ?", [entry_id])
        if value is None:
            raise LibraryError(f"There is no entry {entry_id} in the library.")
        return value

    def get(self, entry_id: str) -> Entry:
        """One entry in full."""
        from ..model import Entry  # pydantic: imported when an entry is first read

        found = [entry for _, entry in self._entry_dicts("e.id = ?", [entry_id])]
        if not found:
            raise LibraryError(f"There is no entry {entry_id} in the library.")
        return Entry.model_validate(found[0])

    def iter_dicts(self, flt: Filter) -> Iterator[dict[str, Any]]:
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
        from ..writer import write_seed  # needs the models: imported when first used

        text = self.db.one("SELECT source_text FROM entries WHERE id = ?", [entry_id])
        return text if text is not None else write_seed(self.get(entry_id))

    def history(self, entry_id: str) -> list[HistoryRow]:
        """Every recorded change of an entry, the latest first."""
        cursor = self.conn.execute(
            "SELECT pk, entry_id, field, old, new, at, by, reason, item FROM history "
            "WHERE entry_id = ? ORDER BY pk DESC", [entry_id]
        )
        return [
            HistoryRow(r[0], r[1], r[2], loads(r[3]), loads(r[4]), r[5], by_of(r[6]), r[7], r[8])
            for r in cursor
        ]

    def history_row(self, pk: int) -> HistoryRow | None:
        """One recorded change, by its number (to revert it)."""
        row = self.conn.execute(
            "SELECT pk, entry_id, field, old, new, at, by, reason, item FROM history "
            "WHERE pk = ?", [pk]
        ).fetchone()
        if row is None:
            return None
        return HistoryRow(row[0], row[1], row[2], loads(row[3]), loads(row[4]), row[5],
                          row[6], row[7], row[8])


def _order_by(sort: str, descending: bool) -> str:
    if sort not in schema.ENTRY_SORT_COLUMNS:
        raise ValueError(f"cannot sort by {sort!r}")
    column = "e.title COLLATE NOCASE" if sort == "title" else f"e.{sort}"
    direction = "DESC" if descending else "ASC"
    return f"{column} {direction}, e.pk {direction}"
