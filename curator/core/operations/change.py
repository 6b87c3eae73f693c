"""The record every user action returns: what it changed, its menu text and how to invert it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Flag, auto

from ..store import By, Library
from ..vocabulary import SECTIONS


class Touched(Flag):
    """What kind of thing a change touched, so each view refreshes only for what it shows."""

    NOTHING = 0
    TITLE = auto()
    STATUS = auto()
    TERMS = auto()
    """Keywords or themes."""
    SCORES = auto()
    """Items' relevancy."""
    ITEMS = auto()
    """Items' text, or items added or removed within an entry."""
    REVIEWED = auto()
    """Review marks: curation state kept beside the entry, not part of it."""
    CONTENT = auto()
    """Any other field of an entry (summary, category, notes...)."""
    ENTRIES = auto()
    """Whole entries added or removed."""
    MARKS = auto()
    """The analyst's "not duplicates" marks (kept beside the entries)."""
    VIEWS = auto()
    """Saved views: named filters kept beside the entries."""


Inverse = Callable[[Library, By], "Change"]
"""Applies a change's before-image; returns the change that made, whose inverse redoes."""


@dataclass(frozen=True)
class Change:
    """What one user action changed in the library, as the core made it.

    `inverse(library, By.UNDO)` puts back what the action replaced and returns the change
    it made; that change's `inverse(library, By.REDO)` puts the action's result back.
    Nothing is ever run a second time, and no caller reads old values beforehand.
    """

    entry_ids: tuple[str, ...] = ()
    touched: Touched = Touched.NOTHING
    text: str = ""
    """For the Undo menu: "status → approved on 3 entries"."""
    inverse: Inverse | None = None
    """None when there is nothing to undo (nothing changed, or the action is not undoable)."""
    version: int | None = None
    """The entry's version after a change of one entry (the edit view saves over it)."""

    def touches(self, what: Touched) -> bool:
        return bool(self.touched & what)

    @property
    def undoable(self) -> bool:
        return self.inverse is not None


def touched_by(fields: Iterable[str]) -> Touched:
    """The kinds of thing these history field paths name (`title`, `signals.2.relevancy`)."""
    touched = Touched.NOTHING
    for path in fields:
        head = path.split(".", 1)[0]
        if path == "entry":
            touched |= Touched.ENTRIES
        elif head == "title":
            touched |= Touched.TITLE | Touched.CONTENT
        elif head == "status":
            touched |= Touched.STATUS | Touched.CONTENT
        elif head in ("keywords", "themes"):
            touched |= Touched.TERMS | Touched.CONTENT
        elif head in SECTIONS:
            if path.endswith(".reviewed"):
                touched |= Touched.REVIEWED
            else:
                touched |= Touched.CONTENT | (
                    Touched.SCORES if path.endswith(".relevancy") else Touched.ITEMS)
        else:
            touched |= Touched.CONTENT
    return touched


def quoted(title: str, limit: int = 40) -> str:
    """A title in quotes for a menu, cut to `limit` characters."""
    return f"“{title if len(title) <= limit else title[: limit - 1] + '…'}”"


def entries_text(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"
