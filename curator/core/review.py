"""A review session: walk a list of items one by one, scoring, keeping or skipping each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from .operations import mark_reviewed, set_score
from .store import By, ItemFilter, ItemKey, Library

"""An item as (entry id, section, position)."""

SetRelevancy = Callable[[ItemKey, int, "str | None"], bool]
"""Change an item's score (with an optional reason); False when it could not be done."""
MarkReviewed = Callable[[ItemKey], object]
"""Marks an item reviewed; what it returns is not used."""
ScoreOf = Callable[[ItemKey], "int | None"]
"""An item's current score, or None when the item is gone from the library."""


class ReviewSession:
    """The ordered items of a review, where the reviewer is, and what was done to each.

    The session changes nothing itself: it calls `set_relevancy` and `mark_reviewed`, so
    the GUI can route changes through its undo stack and tests can pass the library's own.
    Going back and deciding again replaces the earlier decision; "changed" compares an
    item's last score with the one it had when the session first showed it.
    """

    def __init__(self, keys: Sequence[ItemKey], *, set_relevancy: SetRelevancy,
                 mark_reviewed: MarkReviewed, score_of: ScoreOf) -> None:
        self.keys: list[ItemKey] = list(dict.fromkeys(keys))
        self.position = 0
        self._set_relevancy = set_relevancy
        self._mark_reviewed = mark_reviewed
        self._score_of = score_of
        self._original: dict[ItemKey, int | None] = {}
        self._latest: dict[ItemKey, int] = {}
        self._position_of: dict[ItemKey, int] = {}
        """Where each item given a score stands in the review (to list changes in order)."""
        self._reviewed: set[ItemKey] = set()
        self._skipped: set[ItemKey] = set()

    @classmethod
    def over_library(cls, library: Library, keys: Sequence[ItemKey], *,
                     by: By = By.REVIEW) -> ReviewSession:
        """A session writing straight to a library (no undo): for the CLI and tests."""

        def set_relevancy(key: ItemKey, value: int, reason: str | None) -> bool:
            set_score(library, key, value, reason=reason, by=by)
            return True

        def score_of(key: ItemKey) -> int | None:
            row = library.items.get(key)
            return row.relevancy if row else None

        def reviewed(key: ItemKey) -> None:
            mark_reviewed(library, [key])

        return cls(keys, set_relevancy=set_relevancy, mark_reviewed=reviewed, score_of=score_of)

    # -- where we are ----------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.keys)

    @property
    def finished(self) -> bool:
        return self.position >= len(self.keys)

    def current(self) -> ItemKey | None:
        return None if self.finished else self.keys[self.position]

    def original_score(self, key: ItemKey) -> int | None:
        """The score an item had when this session first showed it."""
        if key not in self._original:
            self._original[key] = self._score_of(key)
        return self._original[key]

    # -- what the reviewer does --------------------------------------------------

    def score(self, value: int, reason: str | None = None) -> bool:
        """Give the current item this score, mark it reviewed and move on.

        False (and no move) when the score could not be set; the same score as now is a
        keep, and then no reason is recorded (history keeps reasons of changes only).
        """
        if not 1 <= value <= 5:
            raise ValueError("relevancy must be a whole number from 1 to 5")
        key = self.current()
        if key is None:
            return False
        before = self.original_score(key)
        now = self._latest.get(key, before)
        if value != now:
            if not self._set_relevancy(key, value, reason):
                return False
            self._latest[key] = value
            self._position_of[key] = self.position
        self._decided(key, reviewed=True)
        return True

    def keep(self) -> bool:
        """The current score is right: mark the item reviewed and move on."""
        key = self.current()
        if key is None:
            return False
        self.original_score(key)
        self._decided(key, reviewed=True)
        return True

    def skip(self) -> bool:
        """Move on without marking the item, so a resumed review shows it again."""
        key = self.current()
        if key is None:
            return False
        self.original_score(key)
        self._decided(key, reviewed=False)
        return True

    def back(self) -> bool:
        """Return to the previous item (from the end: to the last one)."""
        if self.position == 0:
            return False
        self.position = min(self.position, len(self.keys)) - 1
        return True

    def _decided(self, key: ItemKey, *, reviewed: bool) -> None:
        if reviewed:
            self._mark_reviewed(key)
            self._reviewed.add(key)
            self._skipped.discard(key)
        elif key not in self._reviewed:
            # Skipping an item already marked in this session leaves its mark alone.
            self._skipped.add(key)
        self.position += 1

    # -- counts ------------------------------------------------------------------

    def changed_keys(self) -> list[ItemKey]:
        """Items whose score now differs from when the session showed them, in review order."""
        # From the scored items only: the counts are read after every key pressed, and
        # walking all the keys of a long review took 45 ms each time.
        changed = [k for k, v in self._latest.items() if v != self._original.get(k)]
        return sorted(changed, key=self._position_of.__getitem__)

    @property
    def left(self) -> int:
        return len(self.keys) - len(self._reviewed) - len(self._skipped)

    def summary(self) -> dict[str, Any]:
        changed = self.changed_keys()
        raised = sum(1 for k in changed if self._latest[k] > (self._original[k] or 0))
        return {
            "total": len(self.keys),
            "reviewed": len(self._reviewed),
            "changed": len(changed),
            "raised": raised,
            "lowered": len(changed) - raised,
            "unchanged": len(self._reviewed) - len(changed),
            "skipped": len(self._skipped),
            "left": self.left,
            "changed_keys": changed,
        }


def unreviewed_keys(library: Library, flt: ItemFilter, *, sort: str = "section",
                    descending: bool = False) -> list[ItemKey]:
    """What resuming a review of `flt` goes through: its items not marked reviewed yet."""
    return library.items.keys(replace(flt, reviewed=False), sort=sort, descending=descending)
