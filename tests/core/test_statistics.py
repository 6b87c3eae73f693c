"""The Statistics view's numbers, counted here another way, without Qt."""

from __future__ import annotations

from collections import Counter

from curator.core.model import SECTIONS
from curator.core.statistics import (
    TOP_TERMS,
    TOP_VALUES,
    count_text,
    no_numbers,
    read_numbers,
    top_values,
)
from curator.core.store import FACETS, Filter


def _scores(library, flt: Filter = Filter()) -> dict[str, dict[str, list[int]]]:
    counted = {s: {"current": Counter(), "imported": Counter()} for s in SECTIONS}
    for entry_id in library.entries.ids(flt):
        entry = library.entries.get(entry_id)
        for section in SECTIONS:
            for item in getattr(entry, section):
                counted[section]["current"][item.relevancy] += 1
                counted[section]["imported"][item.relevancy_imported] += 1
    return {s: {k: [c[n] for n in range(1, 6)] for k, c in v.items()}
            for s, v in counted.items()}


def test_numbers_hold_the_scores_per_section_and_in_total(seeded):
    numbers = read_numbers(seeded, Filter())
    expected = _scores(seeded)
    assert numbers.distribution == expected
    assert numbers.totals["current"] == [sum(expected[s]["current"][n] for s in SECTIONS)
                                         for n in range(5)]
    assert numbers.scored_items == sum(numbers.totals["current"])
    assert numbers.entries == seeded.entries.total()
    assert set(numbers.facets) == set(FACETS)


def test_numbers_follow_the_filter_and_count_changed_scores(seeded):
    some = frozenset(seeded.entries.ids(Filter())[:3])
    entry = seeded.entries.get(sorted(some)[0])
    old = entry.concerns[0].relevancy
    seeded.edits.set_relevancy(entry.id, "concerns", 0, 1 if old != 1 else 5)
    numbers = read_numbers(seeded, Filter(ids=some))
    assert numbers.entries == 3
    assert numbers.distribution == _scores(seeded, Filter(ids=some))
    assert numbers.changed == 1
    assert numbers.summary().startswith("3 entries (")
    assert "1 score changed since import." in numbers.summary()


def test_summary_of_everything_names_no_filter(seeded):
    numbers = read_numbers(seeded, Filter())
    assert numbers.summary() == (
        f"{numbers.entries:,} entries, {numbers.scored_items:,} scored items; "
        "0 scores changed since import.")


def test_no_numbers_are_zero_everywhere():
    numbers = no_numbers()
    assert numbers.totals == {"imported": [0] * 5, "current": [0] * 5}
    assert all(values == ([], 0) for values in numbers.facets.values())


def test_count_text():
    assert count_text(1, "entry", "entries") == "1 entry"
    assert count_text(12345, "entry", "entries") == "12,345 entries"
    assert count_text(0, "entry", "entries") == "0 entries"


def test_top_values_say_how_many_are_left_out():
    values = [(f"v{n}", 50 - n) for n in range(40)]
    shown, title = top_values("category", values, 40)
    assert shown == values[:TOP_VALUES]
    assert title == f"the {TOP_VALUES} most used of 40"
    shown, title = top_values("keyword", values, 40)
    assert shown == values[:TOP_TERMS] and title == f"the {TOP_TERMS} most used"
    assert top_values("type", values[:3], 3) == (values[:3], "")
