"""Compile a parsed query to one parameterized SQL condition, over entries or over items.

Values only ever reach SQL as parameters. Matching folds case in every script through one
function registered on each connection (SQLite's own lower() knows only ASCII).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from ..folding import FOLD, fold, folding_into
from ..store import item_bits
from ..store.fts import fts_and, fts_condition, fts_phrase, fts_query
from .fields import CONTAINS, EQUALS, ITEM_TEXT_COLUMNS, OTHER, RANGE, Field
from .parser import _SEPARATOR, And, Node, Not, Or, Term, Words, parse

SQL = tuple[str, list]

_CELLS = " || char(31) || ".join(f"coalesce(i.{c}, '')" for c in ITEM_TEXT_COLUMNS)
"""An item's text cells joined by a separator no value holds, folded in one call."""
_CHANGED = "(i.relevancy_imported IS NOT NULL AND i.relevancy != i.relevancy_imported)"
_BEYOND_ASCII_GLOB = "*[^\x01-\x7f]*"
_LIKE_LIMIT = 10_000
"""Longer values go through the Python function (SQLite caps LIKE patterns at 50,000 bytes)."""
_ENTRY_ITEMS = "SELECT 1 FROM items i INDEXED BY items_by_entry WHERE i.entry_pk = e.pk"
"""An entry's items. Named index: left to itself SQLite may walk items_by_score for every
entry (minutes for relevancy:5 on 10,000 entries) instead of the entry's own items."""
_LISTS = {"keyword": ("keywords", "keyword"), "theme": ("themes", "theme")}
_BITS = "e.item_bits & ? != 0"
"""An entry's item bits (see store/item_bits.py) hold one of those of a mask. Read from its
index, so that a count of score terms never reads the items (20 ms, not 0.6 s, over the
4.5 million items of 100,000 entries)."""


@lru_cache(maxsize=256)
def compile_entries(text: str) -> tuple[str | None, str | None, tuple]:
    """(FTS5 query of its plain words, other SQL condition over `entries e`, parameters).

    The plain words of the top level come back as one FTS5 query so that the caller can
    search them as the search field always has; either part may be None.
    """
    node = parse(text)
    if node is None:
        return None, None, ()
    nodes = node.nodes if isinstance(node, And) else (node,)
    words = [n for n in nodes if isinstance(n, Words)]
    rest = [n for n in nodes if not isinstance(n, Words)]
    match = fts_and(*(_words_query(w) for w in words))
    if not rest:
        return match, None, ()
    sql, params = _entry(rest[0] if len(rest) == 1 else And(tuple(rest)))
    return match, sql, tuple(params)


@lru_cache(maxsize=256)
def compile_items(text: str) -> tuple[str | None, tuple]:
    """An SQL condition over `items i` applying each term to the item itself, or None.

    Item terms (section text, scores, changed, reviewed) test the item; entry terms test
    its entry; a bare word or phrase is searched in the item's text cells.
    """
    node = parse(text)
    if node is None:
        return None, ()
    sql, params = _item(node)
    return sql, tuple(params)


def _words_query(words: Words) -> str | None:
    if words.quoted:
        return fts_phrase(words.text) if words.text.strip() else None
    return fts_query(words.text)


def _combined(node: Node, leaf: Callable[[Words | Term], SQL]) -> SQL:
    """The SQL of AND, OR and NOT over the SQL `leaf` gives each word or term."""
    if isinstance(node, (And, Or)):
        parts = [_combined(n, leaf) for n in node.nodes]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]
    if isinstance(node, Not):
        sql, params = _combined(node.node, leaf)
        return f"NOT {sql}", params
    return leaf(node)


def _entry(node: Node) -> SQL:
    return _combined(node, _entry_leaf)


def _entry_leaf(node: Words | Term) -> SQL:
    if isinstance(node, Words):
        query = _words_query(node)
        # Nothing left to search (only spaces): as a plain search does, match everything.
        return fts_condition(query) if query else ("1", [])
    return _entry_term(node)


def _entry_term(term: Term) -> SQL:
    field = term.field
    if field.item_level:
        return _entry_items_term(term)
    if field.kind == "status":
        return "e.status = ?", [term.value]
    if field.kind == "list":
        table, column = _LISTS[field.name]
        if term.op == EQUALS:
            value = str(term.value)
            if _fast(value) and not folding_into(value, whole=True):
                # Only ASCII spellings are equal: found in the index that ignores case.
                return (f"e.pk IN (SELECT entry_pk FROM {table} "
                        f"WHERE {column} = ? COLLATE NOCASE)", [value])
            sql, params = _spellings(table, column, value)
            return (f"e.pk IN (SELECT entry_pk FROM {table} WHERE {column} IN ({sql}))",
                    params)
        # The distinct keywords (themes) that contain the value, then their entries through
        # the index: theme:energy counted in 28 ms, not 0.56 s, on 100,000 entries.
        sql, params = _distinct(table, column, _text("d.v", term))
        return f"e.pk IN (SELECT entry_pk FROM {table} WHERE {column} IN ({sql}))", params
    if field is OTHER:
        sql, params = _text("o.value", term)
        return (f"EXISTS (SELECT 1 FROM json_each(e.other) o WHERE {FOLD}(o.key) = ? "
                f"AND {sql})", [term.key, *params])
    if field.kind == "pair" and term.op == EQUALS:
        sql, params = _spellings("entries", field.column, str(term.value))
        return f"e.{field.column} IN ({sql})", params
    return _text(f"e.{field.column}", term)


def _entry_items_term(term: Term) -> SQL:
    """An item term of an entry: some item of it holds it (changed:no: none does)."""
    field = term.field
    if field.kind == "score":
        scores = [score for score in item_bits.SCORES if _score_holds(term, score)]
        mask = item_bits.score_mask(field.section, scores=scores,
                                    imported=field.column == "relevancy_imported")
        return _BITS, [mask]
    if field.name == "changed":
        return (_BITS if term.value == "yes" else f"NOT {_BITS}"), [item_bits.CHANGED]
    if field.name == "reviewed":
        return _BITS, [item_bits.REVIEWED if term.value == "yes" else item_bits.UNREVIEWED]
    return _entry_item_text(term)


def _score_holds(term: Term, score: int) -> bool:
    value = int(term.value)
    if term.op == RANGE:
        return value <= score <= int(term.high or 0)
    if term.op == EQUALS:
        return score == value
    return {">": score > value, ">=": score >= value, "<": score < value,
            "<=": score <= value}[term.op]


def _entry_item_text(term: Term) -> SQL:
    """Some item (of the term's section) has a text cell that contains (equals) the value.

    One LIKE per cell, which SQLite runs in C and stops at the first cell that holds the
    value. The case folding beyond ASCII (`ß` for `ss`) runs only over the entries whose
    items' text may need it (bits of item_bits): SQLite's GLOB for the characters that
    fold so takes 40 s over the signals of 100,000 entries, the LIKE alone 1.2 s.
    """
    section = " AND i.section = ?" if term.field.section else ""
    items = f"{_ENTRY_ITEMS}{section}"
    first: list = [term.field.section] if term.field.section else []
    value = str(term.value)
    if term.op == EQUALS:
        cells, value = f"(char(31) || {_CELLS} || char(31))", _SEPARATOR + value + _SEPARATOR
    else:
        cells = f"({_CELLS})"
    slow = f"{_BITS} AND EXISTS ({items} AND {cells} GLOB ? AND instr({FOLD}({cells}), ?) > 0)"
    if not _fast(value):
        return f"({slow})", [item_bits.BEYOND_ASCII, *first, _BEYOND_ASCII_GLOB, value]
    pattern = _like_pattern(value)
    if term.op == EQUALS:
        fast, fast_params = f"{cells} LIKE ? ESCAPE '\\'", [pattern]
    else:
        fast = " OR ".join(f"i.{c} LIKE ? ESCAPE '\\'" for c in ITEM_TEXT_COLUMNS)
        fast_params = [pattern] * len(ITEM_TEXT_COLUMNS)
    found = f"EXISTS ({items} AND ({fast}))"
    folding = folding_into(value)
    if not folding:
        return found, [*first, *fast_params]
    return (f"({found} OR ({slow}))", [*first, *fast_params, item_bits.FOLDS_TO_ASCII, *first,
                                        f"*[{folding}]*", value])


def _like_pattern(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _text(column: str, term: Term) -> SQL:
    """A text column tested by a term: contains, equals (folded), or compared as text."""
    value = f"coalesce({column}, '')"
    if term.op == CONTAINS:
        return contains(value, str(term.value))
    if term.op == EQUALS:
        return equals(value, str(term.value))
    if term.op == RANGE:
        return f"{value} BETWEEN ? AND ?", [term.value, term.high]
    return f"{value} {term.op} ?", [term.value]


def _fast(value: str) -> bool:
    return value.isascii() and len(value) < _LIKE_LIMIT


def contains(text: str, value: str) -> SQL:
    """SQL for: the text (never NULL), folded, contains the folded value."""
    slow = f"instr({FOLD}({text}), ?) > 0"
    if _fast(value):
        pattern = _like_pattern(value)
        folding = folding_into(value)
        if not folding:  # no text that LIKE misses can hold it: no need to look further
            return f"{text} LIKE ? ESCAPE '\\'", [pattern]
        return (f"({text} LIKE ? ESCAPE '\\' OR ({text} GLOB ? AND {slow}))",
                [pattern, f"*[{folding}]*", value])
    return f"({text} GLOB ? AND {slow})", [_BEYOND_ASCII_GLOB, value]


def equals(text: str, value: str) -> SQL:
    """SQL for: the text (never NULL), folded, equals the folded value."""
    slow = f"{FOLD}({text}) = ?"
    if _fast(value):
        folding = folding_into(value, whole=True)
        if not folding:
            return f"{text} = ? COLLATE NOCASE", [value]
        return (f"({text} = ? COLLATE NOCASE OR ({text} GLOB ? AND {slow}))",
                [value, f"*[{folding}]*", value])
    return f"({text} GLOB ? AND {slow})", [_BEYOND_ASCII_GLOB, value]


def _spellings(table: str, column: str, value: str) -> SQL:
    """The distinct values of an indexed column that equal a value once folded."""
    return _distinct(table, column, equals("d.v", value))


def _distinct(table: str, column: str, condition: SQL) -> SQL:
    """The distinct values `d.v` of an indexed column that meet a condition.

    Walks the column's index from value to value (a few thousand steps, not a scan of
    every row), so that the rows are then found through the same index.
    """
    sql, params = condition
    return (f"WITH RECURSIVE d(v) AS (SELECT min({column}) FROM {table} UNION ALL "
            f"SELECT (SELECT min({column}) FROM {table} WHERE {column} > d.v) FROM d "
            f"WHERE d.v IS NOT NULL) SELECT d.v FROM d WHERE d.v IS NOT NULL AND {sql}", params)


def _item(node: Node) -> SQL:
    return _combined(node, _item_leaf)


def _item_leaf(node: Words | Term) -> SQL:
    if isinstance(node, Words):
        return contains(f"({_CELLS})", fold(node.text))
    if node.field.item_level:
        return _item_term(node)
    sql, params = _entry_term(node)
    return f"i.entry_pk IN (SELECT e.pk FROM entries e WHERE {sql})", params


def _item_term(term: Term) -> SQL:
    """An item-level term as a condition on one item `i`."""
    field: Field = term.field
    section = ["i.section = ?"] if field.section else []
    params: list = [field.section] if field.section else []
    if field.kind == "items":
        if term.op == EQUALS:
            condition, more = contains(f"(char(31) || {_CELLS} || char(31))",
                                       _SEPARATOR + str(term.value) + _SEPARATOR)
        else:
            condition, more = contains(f"({_CELLS})", str(term.value))
        params += more
    elif field.kind == "score":
        column = f"i.{field.column}"
        if term.op == RANGE:
            condition = f"{column} BETWEEN ? AND ?"
            params += [term.value, term.high]
        else:
            condition = f"{column} {'=' if term.op == EQUALS else term.op} ?"
            params.append(term.value)
    elif field.name == "changed":
        condition = _CHANGED if term.value == "yes" else f"NOT {_CHANGED}"
    else:
        condition = "i.reviewed = ?"
        params.append(1 if term.value == "yes" else 0)
    return "(" + " AND ".join([*section, condition]) + ")", params
