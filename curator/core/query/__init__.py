"""Curator's search language: fields, parser, SQL compiler and help (no Qt)."""

from ..folding import fold, register
from .compiler import compile_entries, compile_items
from .describe import describe, searched_words
from .fields import COMPLETED_VALUES, FIELDS, OTHER, Field, field_names, lookup
from .help import HelpSection, help_sections, help_text
from .parser import And, Node, Not, Or, QueryError, Term, Words, parse

__all__ = [
    "COMPLETED_VALUES", "FIELDS", "OTHER", "Field", "field_names", "lookup",
    "compile_entries", "compile_items", "describe", "searched_words", "register",
    "HelpSection", "help_sections", "help_text",
    "And", "Node", "Not", "Or", "QueryError", "Term", "Words", "fold", "parse",
]
