"""Small records the store hands back, and helpers its modules share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from . import rows

if TYPE_CHECKING:
    from ..model import Entry

TERM_TABLES = {"keyword": ("keywords", "keyword"), "theme": ("themes", "theme")}


@dataclass
class Stored:
    """What happened to one entry offered to the library by an import."""

    entry_id: str
    title: str
    outcome: str  # imported | updated | unchanged | conflict | merged
    duplicate_of: tuple[str, str] | None = None
    """(id, title) of an existing entry under another id with the same title or link; for
    "merged", the entry it was merged into."""
    before: Entry | None = None
    """For an update: the entry as it was, so that the import can be undone."""
    was_edited: bool = False


class By(StrEnum):
    """By what a change was made, as the history records it."""

    IMPORT = "import"
    EDIT = "edit"
    BULK = "bulk"
    REVIEW = "review"
    REVERT = "revert"
    MERGE = "merge"
    UNDO = "undo"
    REDO = "redo"


class ItemKey(NamedTuple):
    """One scored item of one entry: its section and its place in that section."""

    entry_id: str
    section: str
    position: int


@dataclass
class Written:
    """What one store write changed, with the before-image it read inside its transaction."""

    entry_ids: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    version: int | None = None
    before: list[Entry] = field(default_factory=list)
    """The changed entries as they were, where undo needs them whole."""
    old: dict[Any, Any] = field(default_factory=dict)
    """The old value of each changed thing (entry id -> status or terms, ItemKey -> score)."""


@dataclass(frozen=True)
class HistoryRow:
    pk: int
    entry_id: str
    field: str
    old: Any
    new: Any
    at: str
    by: By | str
    reason: str | None
    item: str | None = None
    """The changed item's name when the change was made (none in rows older than schema 5)."""


def by_of(text: str) -> By | str:
    """The history's `by` as the enum, or as written if an older program wrote another."""
    try:
        return By(text)
    except ValueError:
        return text


def chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def ts(value: Any) -> str | None:
    return rows.timestamp(value) if value is not None else None
