"""What the user asked to see (search text and facet choices) and the SQL that selects it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .fts import fts_and, fts_condition, fts_query

FACETS = ("status", "category", "type", "keyword", "theme")
"""Facets of the sidebar. Entries match any chosen status, category or type (each entry
has one), and every chosen keyword or theme (they narrow, as tags do)."""

FacetState = Literal["include", "exclude", None]

_SINGLE_VALUED = {"status": "e.status", "category": "e.category", "type": "e.type"}
_TERM_TABLES = {"keyword": ("keywords", "keyword"), "theme": ("themes", "theme")}


@dataclass(frozen=True)
class Filter:
    """A search plus facet choices; immutable, so views can compare and keep them."""

    search: str = ""
    """Plain words, each matching words that start with it."""
    query: str = ""
    """A query in the search language (see curator.core.query); both must hold."""
    include: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    exclude: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    ids: frozenset[str] | None = None
    """Only these entry ids (a selection), when set."""
    import_batch: int | None = None
    """Only entries added or updated by this import, when set."""

    def state(self, facet: str, value: str) -> FacetState:
        if (facet, value) in self.include:
            return "include"
        if (facet, value) in self.exclude:
            return "exclude"
        return None

    def with_state(self, facet: str, value: str, state: FacetState) -> Filter:
        pair = (facet, value)
        include = self.include - {pair}
        exclude = self.exclude - {pair}
        if state == "include":
            include |= {pair}
        elif state == "exclude":
            exclude |= {pair}
        return replace(self, include=include, exclude=exclude)

    def cycled(self, facet: str, value: str) -> Filter:
        """Include, then exclude, then clear: what one click on a facet value does."""
        following: dict[FacetState, FacetState] = {
            None: "include", "include": "exclude", "exclude": None}
        return self.with_state(facet, value, following[self.state(facet, value)])

    def without_facet(self, facet: str) -> Filter:
        return replace(
            self,
            include=frozenset(p for p in self.include if p[0] != facet),
            exclude=frozenset(p for p in self.exclude if p[0] != facet),
        )

    @property
    def is_empty(self) -> bool:
        return self == Filter()

    def describe(self) -> str:
        """A short human summary, for the status bar and export metadata."""
        parts = []
        if self.search.strip():
            parts.append(f'search "{self.search.strip()}"')
        if self.query.strip():
            from ..query import describe  # the query package reads the store's fts module

            parts.append(describe(self.query))
        for facet in FACETS:
            chosen = sorted(v or "(none)" for f, v in self.include if f == facet)
            if chosen:
                parts.append(f"{facet}: {', '.join(chosen)}")
            dropped = sorted(v or "(none)" for f, v in self.exclude if f == facet)
            if dropped:
                parts.append(f"{facet} not: {', '.join(dropped)}")
        if self.ids is not None:
            parts.append(f"{len(self.ids)} selected")
        if self.import_batch is not None:
            parts.append("last import")
        return "; ".join(parts) or "all entries"

    def to_json(self) -> dict[str, Any]:
        return {
            "search": self.search,
            **({"query": self.query} if self.query.strip() else {}),
            "include": sorted([f, v] for f, v in self.include),
            "exclude": sorted([f, v] for f, v in self.exclude),
            **({"ids": sorted(self.ids)} if self.ids is not None else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Filter:
        def pairs(key: str) -> frozenset[tuple[str, str]]:
            return frozenset(
                (str(f), str(v)) for f, v in data.get(key, []) if f in FACETS
            )

        ids = data.get("ids")
        return cls(
            search=str(data.get("search", "")),
            query=str(data.get("query", "")),
            include=pairs("include"),
            exclude=pairs("exclude"),
            ids=frozenset(map(str, ids)) if ids is not None else None,
        )


def word_match(flt: Filter) -> tuple[str | None, bool]:
    """The FTS5 query of a filter's plain words, and whether its text is only those words.

    The search and the query's top-level bare words and phrases are searched together in
    the index, as the search field always did; the store counts and pages such searches
    through the index alone.
    """
    words, condition, _ = _compiled(flt.query)
    return fts_and(fts_query(flt.search), words), condition is None


def _compiled(query: str) -> tuple[str | None, str | None, tuple]:
    """compile_entries, without importing the search language for no query: a library's
    first page is read before anything is typed, and the window is painted sooner without."""
    if not query.strip():
        return None, None, ()
    from ..query import compile_entries  # the query package reads the store's fts module

    return compile_entries(query)


def where(flt: Filter, *, search_last: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause (over `entries e`) and its parameters for a filter.

    `search_last` keeps SQLite from starting at the search matches (the unary `+`), so that
    it can walk a sort index instead: faster when most entries match.
    """
    clauses: list[str] = []
    params: list[Any] = []
    words, condition, condition_params = _compiled(flt.query)
    match = fts_and(fts_query(flt.search), words)
    if match:
        sql, fts_params = fts_condition(match, "+e.pk" if search_last else "e.pk")
        clauses.append(sql)
        params += fts_params
    if condition:
        clauses.append(condition)
        params += condition_params
    for facet, column in _SINGLE_VALUED.items():
        for pairs, operator in ((flt.include, "IN"), (flt.exclude, "NOT IN")):
            values = sorted(v for f, v in pairs if f == facet)
            if values:
                clauses.append(f"{column} {operator} ({', '.join('?' * len(values))})")
                params += values
    for facet, (table, column) in _TERM_TABLES.items():
        for value in sorted(v for f, v in flt.include if f == facet):
            clauses.append(f"e.pk IN (SELECT entry_pk FROM {table} WHERE {column} = ?)")
            params.append(value)
        dropped = sorted(v for f, v in flt.exclude if f == facet)
        if dropped:
            marks = ", ".join("?" * len(dropped))
            clauses.append(
                f"e.pk NOT IN (SELECT entry_pk FROM {table} WHERE {column} IN ({marks}))")
            params += dropped
    if flt.ids is not None:
        # A selection can be large: pass it as one JSON array rather than thousands of '?'.
        clauses.append("e.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(flt.ids)))
    if flt.import_batch is not None:
        clauses.append("e.import_batch = ?")
        params.append(flt.import_batch)
    return (" AND ".join(clauses) or "1"), params



@dataclass(frozen=True)
class ItemFilter:
    """Which scored items to list: those of the entries of a filter, narrowed further."""

    entries: Filter = field(default_factory=Filter)
    sections: frozenset[str] = field(default_factory=frozenset)
    """Only these sections (`signals`, …); empty for all."""
    min_relevancy: int = 1
    max_relevancy: int = 5
    changed: bool | None = None
    """True: only scores moved from the imported one; False: only unmoved ones."""
    reviewed: bool | None = None
    text: str = ""
    query: str = ""
    """Terms of the search language applied to each item (`signal.relevancy:5 changed:yes`)."""
    keys: frozenset[tuple[str, str, int]] | None = None
    """Only these items, as (entry id, section, position), when set."""


def item_where(flt: ItemFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (over `items i`) and its parameters for an item filter."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.entries != Filter():
        entry_clause, entry_params = where(flt.entries)
        clauses.append(f"i.entry_pk IN (SELECT e.pk FROM entries e WHERE {entry_clause})")
        params += entry_params
    if flt.sections:
        clauses.append(f"i.section IN ({', '.join('?' * len(flt.sections))})")
        params += sorted(flt.sections)
    if flt.min_relevancy > 1 or flt.max_relevancy < 5:
        clauses.append("i.relevancy BETWEEN ? AND ?")
        params += [flt.min_relevancy, flt.max_relevancy]
    if flt.changed is True:
        clauses.append("i.relevancy_imported IS NOT NULL AND i.relevancy != i.relevancy_imported")
    elif flt.changed is False:
        clauses.append("(i.relevancy_imported IS NULL OR i.relevancy = i.relevancy_imported)")
    if flt.reviewed is not None:
        clauses.append("i.reviewed = ?")
        params.append(int(flt.reviewed))
    query = fts_query(flt.text)
    if query:
        # The index finds the entries whose items hold every word; LIKE then picks the items.
        sql, fts_params = fts_condition(query, "i.entry_pk", "items")
        clauses.append(sql)
        params += fts_params
        for word in flt.text.replace("\x00", " ").split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(i.name LIKE ? ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\' "
                           "OR i.change LIKE ? ESCAPE '\\' OR i.ten_year LIKE ? ESCAPE '\\' "
                           "OR i.driving_force LIKE ? ESCAPE '\\')")
            params += [pattern] * 5
    from ..query import compile_items

    condition, condition_params = compile_items(flt.query)
    if condition:
        clauses.append(condition)
        params += condition_params
    if flt.keys is not None:
        clauses.append(
            "(e.id, i.section, i.position) IN (SELECT json_extract(value, '$[0]'), "
            "json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?))"
        )
        params.append(json.dumps(sorted(list(k) for k in flt.keys)))
    return (" AND ".join(clauses) or "1"), params


def count_sql(table: str, clause: str) -> str:
    """A count over `table` (aliased) matching `clause`, from item_where or where.

    With no clause the statement has no WHERE at all: SQLite then counts with its fast
    whole-table count, which "WHERE 1" defeats (20 ms against 48 ms for 4.5 million items).
    """
    return f"SELECT count(*) FROM {table}" + ("" if clause == "1" else f" WHERE {clause}")
