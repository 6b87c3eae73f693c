"""A query told in words (for the status bar and exports), and the words it searches for (to
mark them in the entry shown)."""

from __future__ import annotations

from .fields import CONTAINS, EQUALS, RANGE
from .parser import And, Node, Not, Or, QueryError, Term, Words, parse

_COMPARED = {">": "above", ">=": "at least", "<": "below", "<=": "at most"}


def searched_words(text: str) -> str:
    """The bare words and phrases a query looks for anywhere (not those it negates), as a
    plain search; empty for a query that cannot be read."""
    try:
        node = parse(text)
    except QueryError:
        return ""
    found: list[str] = []

    def visit(node: Node | None) -> None:
        if isinstance(node, Words):
            found.append(node.text)
        elif isinstance(node, (And, Or)):
            for child in node.nodes:
                visit(child)

    visit(node)
    return " ".join(found)


def describe(text: str) -> str:
    """The query in words: `title contains "heat pump" and some signal scored 5`."""
    try:
        node = parse(text)
    except QueryError as error:
        return f"an unreadable query ({error.message})"
    return "all entries" if node is None else _told(node, top=True)


def _told(node: Node, top: bool = False) -> str:
    if isinstance(node, (And, Or)):
        joined = (" and " if isinstance(node, And) else " or ").join(
            _told(child) for child in node.nodes)
        return joined if top else f"({joined})"
    if isinstance(node, Not):
        return f"not {_told(node.node)}"
    if isinstance(node, Words):
        return f'"{node.text}"' if node.quoted else f'words starting "{node.text}"'
    return _term(node)


def _value(term: Term) -> str:
    if term.op == RANGE:
        return f"{term.value} to {term.high}"
    if term.op in _COMPARED:
        return f"{_COMPARED[term.op]} {term.value}"
    return str(term.value)


def _term(term: Term) -> str:
    field = term.field
    name = field.name if term.key is None else f"{term.key}"
    if field.kind == "status":
        return f"status {term.value}"
    if field.kind == "flag":
        if field.name == "changed":
            return "some score changed" if term.value == "yes" else "no score changed"
        return "some item reviewed" if term.value == "yes" else "some item not reviewed"
    if field.kind == "items":
        verb = "holds exactly" if term.op == EQUALS else "mentions"
        return f'some {field.name} {verb} "{term.value}"'
    if field.kind == "score":
        section, _, score = field.name.rpartition(".")
        who = f"some {section}" if section else "some item"
        how = "scored" if score == "relevancy" else "imported as"
        value = _value(term)
        return f"{who} {how} {value}"
    if field.kind == "list":
        if term.op == EQUALS:
            return f'{field.name} is "{term.value}"'
        return f'some {field.name} contains "{term.value}"'
    if term.op == CONTAINS:
        return f'{name} contains "{term.value}"'
    if term.op == EQUALS:
        return f'{name} is "{term.value}"'
    return f"{name} {_value(term)}"

