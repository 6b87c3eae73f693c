"""The numbers of the Statistics view: how the entries of a filter score, and what they are."""

from __future__ import annotations

from dataclasses import dataclass

from .facets import TERM_FACETS, counts_within
from .model import SECTIONS
from .store import FACETS, Filter, ItemFilter, Library

TOP_TERMS = 15
"""Keywords and themes charted: the most used."""

TOP_VALUES = 15
"""Categories and types charted at most; the rest are counted in the chart's title."""

SCORES = 5
"""Relevancy scores run 1 to 5."""

Distribution = dict[str, list[int]]
"""How many items score 1…5 now (`current`) and as imported (`imported`)."""


def count_text(number: int, one: str, many: str) -> str:
    """"1 entry", "2,345 entries"."""
    return f"{number:,} {one if number == 1 else many}"


@dataclass(frozen=True)
class Numbers:
    """What the charts show for a filter, read in one snapshot."""

    filter: Filter
    entries: int
    distribution: dict[str, Distribution]
    """Per section."""
    changed: int
    """Scores changed since import."""
    facets: dict[str, tuple[list[tuple[str, int]], int]]
    """Per facet: its values with their entry counts, and how many values there are."""

    @property
    def totals(self) -> Distribution:
        """The distribution over all sections."""
        totals = {"imported": [0] * SCORES, "current": [0] * SCORES}
        for counts in self.distribution.values():
            for key, total in totals.items():
                totals[key] = [a + b for a, b in zip(total, counts[key], strict=True)]
        return totals

    @property
    def scored_items(self) -> int:
        return sum(self.totals["current"])

    def summary(self) -> str:
        """One sentence saying what the charts count."""
        scope = "" if self.filter.is_empty else f" ({self.filter.describe()})"
        return (f"{count_text(self.entries, 'entry', 'entries')}{scope}, "
                f"{count_text(self.scored_items, 'scored item', 'scored items')}; "
                f"{count_text(self.changed, 'score', 'scores')} changed since import.")


def no_numbers(flt: Filter | None = None) -> Numbers:
    """The numbers of an empty library (or none open): every count 0."""
    return Numbers(flt or Filter(), 0,
                   {s: {"imported": [0] * SCORES, "current": [0] * SCORES} for s in SECTIONS},
                   0, {facet: ([], 0) for facet in FACETS})


def read_numbers(library: Library, flt: Filter) -> Numbers:
    """Count everything the charts show for a filter, in one consistent snapshot."""
    with library.snapshot():
        return Numbers(
            flt, library.entries.count(flt), library.items.relevancy_distribution(flt),
            library.items.count(ItemFilter(entries=flt, changed=True)),
            {facet: counts_within(library, flt, facet) for facet in FACETS})


def top_values(facet: str, values: list[tuple[str, int]],
               total: int) -> tuple[list[tuple[str, int]], str]:
    """The values a facet chart shows, and the words its title adds ("" if all shown)."""
    terms = facet in TERM_FACETS
    shown = values[:TOP_TERMS if terms else TOP_VALUES]
    if len(shown) >= total:
        return shown, ""
    return shown, (f"the {len(shown)} most used" if terms
                   else f"the {len(shown)} most used of {total}")
