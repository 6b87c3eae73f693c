"""Parse a search query into a tree, with errors that name the column where reading stopped.

A small recursive-descent parser rather than a grammar library: the language has five
rules, and writing it out lets each error say in plain words what was expected where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..errors import CuratorError
from ..folding import fold
from .fields import (
    COMPARISONS,
    CONTAINS,
    EQUALS,
    FLAG_VALUES,
    OTHER,
    RANGE,
    STATUSES,
    Field,
    field_names,
    lookup,
)


class QueryError(CuratorError):
    """A query that cannot be read, with the 1-based column where the problem is."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(f"query: column {column}: {message}")
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Words:
    """Full-text words: a bare word (matches words starting with it) or a quoted phrase."""

    text: str
    quoted: bool
    column: int


@dataclass(frozen=True)
class Term:
    """FIELD:VALUE. `value` is folded for text, an int for scores; `high` ends a range."""

    field: Field
    op: str
    value: str | int
    column: int
    high: str | int | None = None
    key: str | None = None
    """The key of an `other.KEY` field."""


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Union[Words, Term, Not, And, Or]

_NAME = re.compile(r"[A-Za-z][\w.\-]*")
_STOP = ' \t\n\r()"'
_SEPARATOR = "\x1f"
"""Joins an item's cells when matched at once; never part of a value."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "OR", "NOT", "-", "word", "phrase", "term"
    column: int
    text: str = ""
    term: Term | None = None


def parse(text: str) -> Node | None:
    """The tree of a query, or None for an empty one; QueryError if it cannot be read."""
    tokens = _Lexer(text).tokens()
    if not tokens:
        return None
    parser = _Parser(tokens, len(text) + 1)
    node = parser.or_expr()
    if parser.at < len(tokens):
        token = tokens[parser.at]
        raise QueryError(token.column, "this ) closes no (")
    return node


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def tokens(self) -> list[_Token]:
        tokens: list[_Token] = []
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            column = self.at + 1
            if char.isspace():
                self.at += 1
            elif char in "()":
                tokens.append(_Token(char, column))
                self.at += 1
            elif char == '"':
                tokens.append(_Token("phrase", column, self.quoted()))
            elif char == "-" and self.at + 1 < len(text) and not text[self.at + 1].isspace() \
                    and text[self.at + 1] != ")":
                tokens.append(_Token("-", column))
                self.at += 1
            else:
                tokens.append(self.bare(column))
        return tokens

    def quoted(self) -> str:
        """A quoted string from the opening quote; `\\"` and `\\\\` stand for `"` and `\\`."""
        start = self.at
        self.at += 1
        out = []
        while self.at < len(self.text):
            char = self.text[self.at]
            if char == "\\" and self.at + 1 < len(self.text):
                out.append(self.text[self.at + 1])
                self.at += 2
            elif char == '"':
                self.at += 1
                return "".join(out).replace(_SEPARATOR, " ")
            else:
                out.append(char)
                self.at += 1
        raise QueryError(start + 1, "this quote is never closed")

    def run(self) -> str:
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in _STOP:
            self.at += 1
        return self.text[start:self.at]

    def bare(self, column: int) -> _Token:
        word = self.run()
        colon = word.find(":")
        if colon > 0 and _NAME.fullmatch(word[:colon]):
            self.at -= len(word) - colon - 1
            return _Token("term", column, term=self.term(word[:colon], column))
        if word in ("OR", "NOT"):
            return _Token(word, column)
        if word == "-":
            raise QueryError(column, "a - must be stuck to the term it negates, as in -sparse")
        return _Token("word", column, word.replace(_SEPARATOR, " "))

    def term(self, name: str, column: int) -> Term:
        found = lookup(name)
        if found is None:
            raise QueryError(column, f"unknown field {name}: the fields are "
                                     f"{', '.join(field_names())}")
        key = name[len("other."):] if found is OTHER else None
        op_column = self.at + 1
        op = CONTAINS
        for symbol in ("=", *COMPARISONS):
            if self.text.startswith(symbol, self.at):
                op = EQUALS if symbol == "=" else symbol
                self.at += len(symbol)
                break
        value_column = self.at + 1
        if self.text.startswith('"', self.at):
            raw, quoted = self.quoted(), True
        else:
            raw, quoted = self.run(), False
        if not raw and not quoted:
            raise QueryError(value_column, f"{name}: needs a value, as in {found.example}")
        if op in COMPARISONS and raw[:1] in "<>=" and not quoted:
            raise QueryError(value_column, f"{name}:{op} is followed by another comparison")
        if op == CONTAINS and not quoted and ".." in raw:
            op = RANGE
        return _checked(found, name, op, raw, op_column, value_column, column, key)


def _checked(found: Field, name: str, op: str, raw: str, op_column: int, value_column: int,
             column: int, key: str | None) -> Term:
    """The term, once its operator and value fit its field."""
    if found.kind == "score":
        if op == CONTAINS:
            op = EQUALS
        if op == RANGE:
            low, high = raw.split("..", 1)
            return Term(found, RANGE, _number(name, low, value_column),
                        column, _number(name, high, value_column + len(low) + 2))
        return Term(found, op, _number(name, raw, value_column), column)
    if op == RANGE and not found.ordered:
        op = CONTAINS  # a value with two dots, such as a version number
    if op not in found.operators:
        if op in COMPARISONS:
            raise QueryError(op_column, f"{name}: takes no comparison; use {name}:VALUE "
                                        f"or {name}:=VALUE")
        raise QueryError(op_column, f"{name}: takes no =; use {name}:VALUE")
    if found.kind == "status":
        if fold(raw) not in STATUSES:
            raise QueryError(value_column, f"status: is one of {', '.join(STATUSES)}, "
                                           f"not {raw!r}")
        return Term(found, EQUALS, fold(raw), column)
    if found.kind == "flag":
        if fold(raw) not in FLAG_VALUES:
            raise QueryError(value_column, f"{name}: is yes or no, not {raw!r}")
        return Term(found, EQUALS, fold(raw), column)
    if op == RANGE:
        low, high = raw.split("..", 1)
        return Term(found, RANGE, low, column, high)
    return Term(found, op, fold(raw), column, key=fold(key) if key is not None else None)


def _number(name: str, text: str, column: int) -> int:
    if not text.isascii() or not text.isdigit():
        shown = repr(text) if text else "nothing"
        raise QueryError(column, f"{name}: takes a whole number (as in {name}:>=4 or "
                                 f"{name}:2..4), not {shown}")
    return int(text)


class _Parser:
    """or_expr := and_expr (OR and_expr)*; and_expr := unary+; unary := (NOT|-) unary | atom;
    atom := ( or_expr ) | word | phrase | term."""

    def __init__(self, tokens: list[_Token], end: int) -> None:
        self.tokens = tokens
        self.at = 0
        self.end = end

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def or_expr(self) -> Node:
        nodes = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.at += 1
            following = self.peek()
            if following is None or following.kind in (")", "OR"):
                raise QueryError(token.column, "OR needs a term on each side")
            nodes.append(self.and_expr())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> Node:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in (")", "OR"):
            nodes.append(self.unary())
        if not nodes:
            token = self.peek()
            if token is None:
                raise QueryError(self.end, "the query ends where a term was expected")
            if token.kind == "OR":
                raise QueryError(token.column, "OR needs a term on each side")
            raise QueryError(token.column, "a term was expected before this )")
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        token = self.tokens[self.at]
        self.at += 1
        if token.kind in ("NOT", "-"):
            following = self.peek()
            if following is None or following.kind in (")", "OR"):
                raise QueryError(token.column, f"{token.kind} needs a term after it")
            return Not(self.unary())
        if token.kind == "(":
            if (closing := self.peek()) is not None and closing.kind == ")":
                raise QueryError(token.column, "these parentheses hold nothing")
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError(token.column, "this ( is never closed")
            self.at += 1
            return node
        if token.kind == ")":
            raise QueryError(token.column, "this ) closes no (")
        if token.kind == "term":
            assert token.term is not None
            return token.term
        return Words(token.text, token.kind == "phrase", token.column)
