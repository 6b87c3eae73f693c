"""Facet counts and which values a facet lists: the sidebar's logic, without Qt."""

from __future__ import annotations

from collections import Counter

from curator.core.facets import (
    ALL_TERMS,
    TOP_TERMS,
    choice_counts,
    count_facets,
    counts_within,
    facet_list,
)
from curator.core.store import FACETS, Filter


def _by_hand(library, facet: str, flt: Filter = Filter()) -> Counter:
    counted: Counter = Counter()
    for entry_id in library.entries.ids(flt):
        entry = library.entries.get(entry_id)
        if facet == "keyword":
            counted.update(set(entry.keywords))
        elif facet == "status":
            counted[entry.status.value] += 1
        else:
            counted[getattr(entry, facet) or ""] += 1
    return counted


def test_count_facets_counts_every_facet_and_reads_the_views(seeded):
    seeded.saved_views.save("heat", Filter(search="heat"))
    counts, views = count_facets(seeded, Filter())
    assert set(counts) == set(FACETS)
    assert dict(counts["keyword"]) == _by_hand(seeded, "keyword")
    assert dict(counts["category"]) == _by_hand(seeded, "category")
    assert [n for _, n in counts["keyword"]] == sorted((n for _, n in counts["keyword"]),
                                                       reverse=True)
    assert views == [("heat", Filter(search="heat"))]


def test_a_chosen_value_without_entries_is_still_listed():
    flt = Filter().with_state("category", "gone", "exclude")
    shown = facet_list("category", [("technology", 4)], flt)
    assert shown.values == [("technology", 4), ("gone", 0)]
    assert shown.more == ""


def _terms(count: int) -> list[tuple[str, int]]:
    return [(f"term {n:03}", 100 - n) for n in range(count)]


def test_many_terms_show_the_top_and_every_chosen_one():
    counts = _terms(TOP_TERMS + 10)
    flt = Filter().with_state("keyword", "term 035", "include")
    shown = facet_list("keyword", counts, flt)
    assert shown.values == counts[:TOP_TERMS] + [("term 035", 65)]
    assert (shown.more, shown.counted) == ("all", TOP_TERMS + 10)


def test_show_all_lists_every_term_and_offers_the_top_again():
    counts = _terms(TOP_TERMS + 10)
    shown = facet_list("keyword", counts, Filter(), show_all=True)
    assert shown.values == counts
    assert shown.more == "top"


def test_few_terms_need_no_more_line():
    assert facet_list("theme", _terms(3), Filter()).more == ""


def test_find_keeps_the_terms_containing_it_and_the_chosen_ones():
    counts = [("Energy storage", 3), ("solar", 2), ("renewable ENERGY", 1)]
    flt = Filter().with_state("keyword", "solar", "exclude")
    shown = facet_list("keyword", counts, flt, find="  energy ")
    assert shown.values == [("Energy storage", 3), ("solar", 2), ("renewable ENERGY", 1)]
    shown = facet_list("keyword", counts, Filter(), find="energy")
    assert shown.values == [("Energy storage", 3), ("renewable ENERGY", 1)]
    assert not shown.found_nothing
    nothing = facet_list("keyword", counts, Filter(), find="wind")
    assert nothing.values == [] and nothing.found_nothing


def test_find_is_ignored_by_single_valued_facets():
    assert facet_list("type", [("report", 2)], Filter(), find="x").values == [("report", 2)]


def test_choice_counts():
    flt = (Filter().with_state("keyword", "a", "include").with_state("keyword", "b", "exclude")
           .with_state("keyword", "c", "exclude").with_state("theme", "d", "include"))
    assert choice_counts(flt, "keyword") == (1, 2)
    assert choice_counts(flt, "status") == (0, 0)


def test_counts_within_list_every_status_in_order(seeded):
    ids = seeded.entries.ids(Filter())
    seeded.edits.set_status(ids[:2], "approved")
    values, total = counts_within(seeded, Filter(), "status")
    assert [v for v, _ in values] == ["new", "reviewed", "approved", "rejected"]
    assert dict(values) == {"new": len(ids) - 2, "reviewed": 0, "approved": 2, "rejected": 0}
    assert total == 4


def test_counts_within_keep_only_the_chosen_values(seeded):
    category, count = seeded.entries.facet_counts(Filter(), "category")[0]
    flt = Filter().with_state("category", category, "include")
    # The library counts the other categories too (the sidebar offers them); here they go.
    assert len(seeded.entries.facet_counts(flt, "category")) > 1
    assert counts_within(seeded, flt, "category") == ([(category, count)], 1)
    dropped = Filter().with_state("status", "new", "exclude")
    assert "new" not in dict(counts_within(seeded, dropped, "status")[0])


def test_counts_within_terms_are_the_library_counts(seeded):
    values, total = counts_within(seeded, Filter(), "theme")
    assert dict(values) == dict(seeded.entries.facet_counts(Filter(), "theme", limit=ALL_TERMS))
    assert total == len(values)
