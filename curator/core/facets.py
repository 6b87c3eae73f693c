"""Facet values with their entry counts, and which of them a list of values shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Status
from .store import FACETS, Filter, Library

TERM_FACETS = ("keyword", "theme")
"""Facets with many values (an entry has several): shown as the most used first."""

TOP_TERMS = 30
"""Keywords and themes show this many values until the user asks for all."""

ALL_TERMS = 2000
"""How many keyword or theme values "show all" and a find text look through."""

SINGLE_LIMIT = 200
"""Status, category and type values counted at most (a library has a few dozen)."""

Counts = dict[str, list[tuple[str, int]]]
"""Per facet: (value, entries) pairs, most entries first."""

SavedViews = list[tuple[str, Filter]]


def count_facets(library: Library, flt: Filter) -> tuple[Counts, SavedViews]:
    """Every facet's values with their counts under a filter, and the saved views, read in
    one snapshot."""
    with library.snapshot():
        counts = {facet: library.entries.facet_counts(
                      flt, facet, limit=ALL_TERMS if facet in TERM_FACETS else SINGLE_LIMIT)
                  for facet in FACETS}
        return counts, library.saved_views.all()


More = Literal["", "all", "top"]
"""The extra line under a term facet: none, "show all of them", or "show the top only"."""


@dataclass(frozen=True)
class FacetList:
    """The values one facet shows, with what the line under them offers."""

    values: list[tuple[str, int]]
    more: More = ""
    counted: int = 0
    """How many values were counted (what "show all" would show)."""
    found_nothing: bool = False
    """A find text was given and no value contains it."""


def facet_list(facet: str, counts: list[tuple[str, int]], flt: Filter, *,
               find: str = "", show_all: bool = False) -> FacetList:
    """The values a facet shows under a filter.

    A chosen value with no entries under the filter is still listed (with 0), so it can be
    unchosen. Term facets show the `TOP_TERMS` most used (and every chosen one) until
    `show_all`; a `find` text keeps the values containing it, case-insensitively.
    """
    chosen = {v for f, v in flt.include | flt.exclude if f == facet}
    known = {value for value, _ in counts}
    values = counts + [(value, 0) for value in sorted(chosen - known)]
    if facet not in TERM_FACETS:
        return FacetList(values, counted=len(counts))
    needle = find.strip().casefold()
    if needle:
        values = [(v, n) for v, n in values if needle in v.casefold() or v in chosen]
        return FacetList(values, counted=len(counts), found_nothing=not values)
    if len(values) <= TOP_TERMS:
        return FacetList(values, counted=len(counts))
    if show_all:
        return FacetList(values, "top", len(counts))
    kept = values[:TOP_TERMS] + [(v, n) for v, n in values[TOP_TERMS:] if v in chosen]
    return FacetList(kept, "all", len(counts))


def choice_counts(flt: Filter, facet: str) -> tuple[int, int]:
    """How many values of a facet the filter includes and excludes."""
    return (sum(1 for f, _ in flt.include if f == facet),
            sum(1 for f, _ in flt.exclude if f == facet))


def counts_within(library: Library, flt: Filter, facet: str,
                  limit: int = 10_000) -> tuple[list[tuple[str, int]], int]:
    """Values of a facet with their entry counts within the filter, and how many values.

    `Library.entries.facet_counts` counts status, category and type as if the facet's own choices
    were not made (so the sidebar can offer the other values); here only the chosen ones
    count. Every status is listed, in the order of the work, even at 0.
    """
    values = library.entries.facet_counts(flt, facet, limit=limit)
    if facet in TERM_FACETS:
        return values, len(values)
    chosen = {v for f, v in flt.include if f == facet}
    dropped = {v for f, v in flt.exclude if f == facet}

    def kept(value: str) -> bool:
        return (not chosen or value in chosen) and value not in dropped

    if facet == "status":
        counts = dict(values)
        values = [(s.value, counts.get(s.value, 0)) for s in Status]
    values = [(v, n) for v, n in values if kept(v)]
    return values, len(values)
