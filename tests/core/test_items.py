"""Item queries across entries: filters, sorting, review marks and the score distribution."""

from __future__ import annotations

from collections import Counter

import pytest

from curator.core.model import SECTIONS
from curator.core.store import ITEM_SORT_COLUMNS, Filter, ItemFilter, Library


def _all_items(library: Library):
    """Every item, read entry by entry through the model (the independent count)."""
    for entry_id in library.entries.ids(Filter()):
        entry = library.entries.get(entry_id)
        for section in SECTIONS:
            for position, item in enumerate(entry.items(section)):
                yield entry, section, position, item


def test_counts_and_filters_match_the_entries(seeded: Library) -> None:
    items = list(_all_items(seeded))
    assert seeded.items.count(ItemFilter()) == len(items)
    signals = ItemFilter(sections=frozenset({"signals"}))
    assert seeded.items.count(signals) == sum(1 for _, s, _, _ in items if s == "signals")
    high = ItemFilter(min_relevancy=4)
    assert seeded.items.count(high) == sum(1 for *_, i in items if i.relevancy >= 4)
    approved_entry = seeded.entries.ids(Filter())[0]
    seeded.edits.set_status([approved_entry], "approved")
    scoped = ItemFilter(entries=Filter(include=frozenset({("status", "approved")})))
    assert seeded.items.count(scoped) == sum(1 for e, *_ in items if e.id == approved_entry)


def test_changed_and_reviewed(seeded: Library) -> None:
    entry = seeded.entries.get(seeded.entries.ids(Filter())[0])
    old = entry.concerns[0].relevancy
    seeded.edits.set_relevancy(entry.id, "concerns", 0, 1 if old != 1 else 2)
    (changed,) = seeded.items.page(ItemFilter(changed=True))
    assert changed.key == (entry.id, "concerns", 0) and changed.relevancy_imported == old
    assert seeded.items.count(ItemFilter(changed=False)) == seeded.items.count(ItemFilter()) - 1
    assert seeded.items.set_reviewed([changed.key, (entry.id, "signals", 0)]) == 2
    assert {r.key for r in seeded.items.page(ItemFilter(reviewed=True))} == {
        changed.key, (entry.id, "signals", 0)}
    # A review mark survives a save of the entry.
    stored = seeded.entries.get(entry.id)
    seeded.edits.save_entry(stored.model_copy(update={"notes": "checked"}),
                            seeded.entries.version(entry.id))
    assert seeded.items.count(ItemFilter(reviewed=True)) == 2


def test_text_search_finds_items(seeded: Library) -> None:
    items = list(_all_items(seeded))
    word = "energy"
    expected = {(e.id, s, p) for e, s, p, i in items
                if any(word in str(getattr(i, f, "")).lower()
                       for f in ("name", "description", "change", "ten_year", "driving_force"))}
    found = set(seeded.items.keys(ItemFilter(text=word)))
    assert found == expected and found


@pytest.mark.parametrize("sort", ITEM_SORT_COLUMNS)
def test_sorting_is_consistent(seeded: Library, sort: str) -> None:
    rows = seeded.items.page(ItemFilter(), sort=sort, descending=False, limit=10_000)
    back = seeded.items.page(ItemFilter(), sort=sort, descending=True, limit=10_000)
    assert [r.pk for r in rows] == [r.pk for r in reversed(back)]
    if sort == "relevancy":
        assert [r.relevancy for r in rows] == sorted(r.relevancy for r in rows)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", ITEM_SORT_COLUMNS)
def test_item_keys_come_in_the_order_of_the_pages(seeded: Library, sort: str,
                                                  descending: bool) -> None:
    # A review of the items table's list goes through them as the table lists them.
    flt = ItemFilter(min_relevancy=2)
    rows = seeded.items.page(flt, sort=sort, descending=descending, limit=10_000)
    assert seeded.items.keys(flt, sort=sort, descending=descending) == [r.key for r in rows]


def test_sections_sort_in_the_files_order_not_by_name(seeded: Library) -> None:
    rows = seeded.items.page(ItemFilter(), sort="section", descending=False, limit=10_000)
    order = list(dict.fromkeys(r.section for r in rows))
    assert order == [s for s in SECTIONS if any(r.section == s for r in rows)]
    assert order[0] == "signals" and len(order) == 5
    by_entry = seeded.items.page(ItemFilter(), sort="entry", descending=False, limit=10_000)
    first = [r for r in by_entry if r.entry_id == by_entry[0].entry_id]
    assert [(r.section, r.position) for r in first] == sorted(
        ((r.section, r.position) for r in first), key=lambda p: (SECTIONS.index(p[0]), p[1]))
    assert len({r.section for r in first}) > 1


def test_distribution_matches_the_items(seeded: Library) -> None:
    items = list(_all_items(seeded))
    entry = items[0][0]
    seeded.edits.set_relevancy(entry.id, "signals", 0, 1 if entry.signals[0].relevancy != 1 else 2)
    items = list(_all_items(seeded))
    distribution = seeded.items.relevancy_distribution(Filter())
    for section in SECTIONS:
        current = Counter(i.relevancy for _, s, _, i in items if s == section)
        imported = Counter(i.relevancy_imported for _, s, _, i in items if s == section)
        assert distribution[section]["current"] == [current[n] for n in range(1, 6)]
        assert distribution[section]["imported"] == [imported[n] for n in range(1, 6)]


def test_reasons_are_kept_per_item(seeded: Library) -> None:
    entry_id = seeded.entries.ids(Filter())[0]
    seeded.edits.set_relevancy(entry_id, "issues", 1, 1, reason="duplicate of another issue")
    seeded.edits.set_relevancy(entry_id, "issues", 1, 2, reason="on second thought")
    assert seeded.items.reasons(entry_id) == {"issues.1": "on second thought"}


def test_several_scores_in_one_transaction(seeded: Library) -> None:
    first, second = seeded.entries.ids(Filter())[:2]
    olds = {first: seeded.entries.get(first).signals[0].relevancy,
            second: seeded.entries.get(second).concerns[1].relevancy}
    assert 1 not in olds.values()  # the samples score these higher, so both will change
    change = seeded.edits.set_relevancies([(first, "signals", 0, 1), (second, "concerns", 1, 1)],
                                    by="bulk", reason="calibrated")
    assert sorted(change.entry_ids) == sorted(olds)
    assert seeded.entries.get(first).signals[0].relevancy == 1
    assert seeded.entries.get(second).concerns[1].relevancy == 1
    assert seeded.entries.history(first)[0].reason == "calibrated"


def test_a_missing_item_changes_nothing(seeded: Library) -> None:
    first = seeded.entries.ids(Filter())[0]
    before = seeded.entries.get(first).signals[0].relevancy
    with pytest.raises(Exception, match="has no signals item"):
        seeded.edits.set_relevancies([(first, "signals", 0, 1 if before != 1 else 2),
                                (first, "signals", 999, 3)])
    assert seeded.entries.get(first).signals[0].relevancy == before
