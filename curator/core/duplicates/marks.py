"""The analyst's "not duplicates" marks: what the finder must never group again."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Any

from ..store.duplicates import NotDuplicates, Pair, pair


def mark_not_duplicates(library: Any, ids: Iterable[str]) -> list[Pair]:
    """Say that no two of these entries are one story (every pair among them is marked).

    Returns the pairs newly marked, smaller id first: unmarking exactly those undoes it.
    """
    wanted = sorted(set(ids))
    if len(wanted) < 2:
        raise ValueError("marking needs two entries or more")
    return library.duplicates.add_not_duplicates(combinations(wanted, 2))


def unmark_not_duplicates(library: Any, pairs: Iterable[tuple[str, str]]) -> list[Pair]:
    """Take the mark off pairs, in either order; returns those that were marked (marking
    them again undoes it)."""
    return library.duplicates.remove_not_duplicates(pair(a, b) for a, b in pairs)


def not_duplicates(library: Any) -> list[NotDuplicates]:
    """Every marked pair with the titles of its entries, most recent first."""
    return library.duplicates.not_duplicate_pairs()
