"""Compile a parsed query to one parameterized SQL condition, over entries or over items.

Values only ever reach SQL as parameters. Matching folds case in every script through one
function registered on each connection (SQLite's own lower() knows only ASCII).
"""

from __future__ import annotations

from functools import lru_cache

from ..store.fts import fts_and, fts_condition, fts_phrase, fts_query
from .fields import CONTAINS, EQUALS, ITEM_TEXT_COLUMNS, OTHER, RANGE, Field
from .folding import FOLD, fold
from .parser import _SEPARATOR, And, Node, Not, Or, Term, Words, parse

SQL = tuple[str, list]

_CELLS = " || char(31) || ".join(f"coalesce(i.{c}, '')" for c in ITEM_TEXT_COLUMNS)
"""An item's text cells joined by a separator no value holds, folded in one call."""
_CHANGED = "(i.relevancy_imported IS NOT NULL AND i.relevancy != i.relevancy_imported)"
_LISTS = {"keyword": ("keywords", "keyword"), "theme": ("themes", "theme")}


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


def _entry(node: Node) -> SQL:
    if isinstance(node, (And, Or)):
        parts = [_entry(n) for n in node.nodes]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]
    if isinstance(node, Not):
        sql, params = _entry(node.node)
        return f"NOT {sql}", params
    if isinstance(node, Words):
        query = _words_query(node)
        # Nothing left to search (only spaces): as a plain search does, match everything.
        return fts_condition(query) if query else ("1", [])
    return _entry_term(node)


def _entry_term(term: Term) -> SQL:
    field = term.field
    if field.name == "changed" and term.value == "no":
        return f"NOT EXISTS (SELECT 1 FROM items i WHERE i.entry_pk = e.pk AND {_CHANGED})", []
    if field.item_level:
        sql, params = _item_term(term)
        return f"EXISTS (SELECT 1 FROM items i WHERE i.entry_pk = e.pk AND {sql})", params
    if field.kind == "status":
        return "e.status = ?", [term.value]
    if field.kind == "list":
        table, column = _LISTS[field.name]
        sql, params = _text(f"t.{column}", term)
        return f"EXISTS (SELECT 1 FROM {table} t WHERE t.entry_pk = e.pk AND {sql})", params
    if field is OTHER:
        sql, params = _text("o.value", term)
        return (f"EXISTS (SELECT 1 FROM json_each(e.other) o WHERE {FOLD}(o.key) = ? "
                f"AND {sql})", [term.key, *params])
    return _text(f"e.{field.column}", term)


def _text(column: str, term: Term) -> SQL:
    """A text column tested by a term: contains, equals (folded), or compared as text."""
    value = f"coalesce({column}, '')"
    if term.op == CONTAINS:
        return f"instr({FOLD}({value}), ?) > 0", [term.value]
    if term.op == EQUALS:
        return f"{FOLD}({value}) = ?", [term.value]
    if term.op == RANGE:
        return f"{value} BETWEEN ? AND ?", [term.value, term.high]
    return f"{value} {term.op} ?", [term.value]


def _item(node: Node) -> SQL:
    if isinstance(node, (And, Or)):
        parts = [_item(n) for n in node.nodes]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]
    if isinstance(node, Not):
        sql, params = _item(node.node)
        return f"NOT {sql}", params
    if isinstance(node, Words):
        return f"instr({FOLD}({_CELLS}), ?) > 0", [fold(node.text)]
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
            condition = f"instr(char(31) || {FOLD}({_CELLS}) || char(31), ?) > 0"
            params.append(_SEPARATOR + str(term.value) + _SEPARATOR)
        else:
            condition = f"instr({FOLD}({_CELLS}), ?) > 0"
            params.append(term.value)
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
