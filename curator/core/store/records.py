"""Small records the store hands back, and helpers its modules share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Entry
from . import rows

TERM_TABLES = {"keyword": ("keywords", "keyword"), "theme": ("themes", "theme")}


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


def chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def ts(value: Any) -> str | None:
    return rows.timestamp(value) if value is not None else None
