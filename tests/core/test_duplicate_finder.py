"""Finding duplicate groups: each reason, the threshold, marks, filters, progress and cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.core.calibration import GroupingCancelled
from curator.core.duplicates import (
    SAME_LINK,
    SAME_TITLE,
    SIMILAR,
    find_duplicates,
    find_in_library,
    mark_not_duplicates,
    pair_similarity,
)
from curator.core.duplicates.finder import title_names
from curator.core.model import Entry
from curator.core.store import Filter, Library

SUMMARY = ("Acme Energy said on Monday that it will open a battery plant in Leipzig. The "
           "project will create 450 jobs and cost 120 million euros. Local officials "
           "welcomed the plan, which still needs a permit.")
RETOLD = ("The plan, which still needs a permit, was welcomed by officials. Acme Energy "
          "stated on Monday that it would open a battery factory in Leipzig, creating 450 "
          "jobs at a cost of 120 million euros.")
OTHER = ("Borex Group said on Tuesday that it will open a battery plant in Lyon. The "
         "project will create 300 jobs and cost 80 million euros. Local officials "
         "welcomed the plan, which still needs a permit.")


class Entries:
    """A few entries as the finder reads them, with their summaries."""

    def __init__(self) -> None:
        self.records: list[tuple[int, str, str, str | None]] = []
        self.texts: dict[int, str] = {}
        self.asked: list[int] = []

    def add(self, entry_id: str, title: str, url: str | None = None, summary: str = "") -> None:
        pk = len(self.records) + 1
        self.records.append((pk, entry_id, title, url))
        self.texts[pk] = summary

    def summaries(self, pks: list[int]) -> dict[int, str]:
        self.asked += pks
        return {pk: self.texts[pk] for pk in pks}

    def find(self, **options):
        return find_duplicates(self.records, self.summaries, **options)


def _filler(entries: Entries, count: int = 30) -> None:
    topics = ["ocean", "soil", "transit", "vaccine", "privacy", "drought", "housing",
              "robot", "finance", "skills"]
    for n in range(count):
        entries.add(f"f{n:03d}", f"Report {n} on {topics[n % 10]} and {topics[(n * 3) % 10]}",
                    f"https://example.org/f/{n}", f"A note about {topics[n % 10]} number {n}.")


def test_same_link_groups_entries_whatever_their_titles() -> None:
    entries = Entries()
    _filler(entries)
    entries.add("a", "Acme opens a battery plant", "https://www.example.org/acme?utm_source=x")
    entries.add("b", "Battery jobs for Leipzig", "http://example.org/acme/")
    [group] = entries.find()
    assert group.ids == ("a", "b")
    assert group.reasons == (SAME_LINK,) and group.similarity == 100
    assert group.to_json() == {"ids": ["a", "b"], "reason": "same link", "similarity": 100}


def test_a_shared_home_page_is_no_reason() -> None:
    entries = Entries()
    entries.add("a", "Acme opens a battery plant", "https://www.example.org/")
    entries.add("b", "Borex sells its wind farms", "https://example.org")
    assert entries.find() == []


def test_same_title_groups_retyped_titles() -> None:
    entries = Entries()
    _filler(entries)
    entries.add("a", "Acme opens a battery plant in Leipzig", summary=SUMMARY)
    entries.add("b", "ACME opens a battery-plant in Leipzig!", summary=OTHER)
    entries.add("c", "Acme   opens a battery plant — in Leipzig")
    [group] = entries.find()
    assert group.ids == ("a", "b", "c")
    assert group.reason == SAME_TITLE and group.similarity == 100


def test_similar_title_and_summary_group_a_retold_story() -> None:
    entries = Entries()
    _filler(entries)
    entries.add("a", "Acme Energy opens battery plant in Leipzig", summary=SUMMARY)
    entries.add("b", "Acme Energy opens battery factory in Leipzig", summary=RETOLD)
    [group] = entries.find(threshold=75)
    assert group.ids == ("a", "b") and group.reason == SIMILAR
    expected = pair_similarity("Acme Energy opens battery plant in Leipzig", SUMMARY,
                               "Acme Energy opens battery factory in Leipzig", RETOLD)
    assert group.similarity == pytest.approx(expected) and 75 <= expected < 100
    assert group.matches[0].reason == SIMILAR


def test_the_threshold_decides_what_is_similar_enough() -> None:
    entries = Entries()
    entries.add("a", "Acme Energy opens battery plant in Leipzig", summary=SUMMARY)
    entries.add("b", "Acme Energy opens battery factory in Leipzig", summary=RETOLD)
    score = pair_similarity("Acme Energy opens battery plant in Leipzig", SUMMARY,
                            "Acme Energy opens battery factory in Leipzig", RETOLD)
    assert len(entries.find(threshold=score)) == 1
    assert entries.find(threshold=score + 1) == []


def test_a_template_filled_for_another_story_is_not_grouped() -> None:
    entries = Entries()
    entries.add("a", "Acme Energy opens battery plant in Leipzig", summary=SUMMARY)
    entries.add("b", "Borex Group opens battery plant in Lyon", summary=OTHER)
    assert entries.find(threshold=50) == []


def test_other_numbers_in_titles_are_other_stories() -> None:
    entries = Entries()
    entries.add("a", "Acme starts phase 2 trials of its vaccine")
    entries.add("b", "Acme starts phase 3 trials of its vaccine")
    assert entries.find(threshold=50) == []


def test_other_figures_in_summaries_are_other_stories() -> None:
    entries = Entries()
    entries.add("a", "acme opens battery plant", summary=SUMMARY)
    entries.add("b", "acme opens battery plant again",
                summary=SUMMARY.replace("450", "200").replace("120", "60"))
    assert entries.find(threshold=50) == []


def test_a_name_the_other_entry_never_mentions_keeps_them_apart() -> None:
    assert title_names("Acme Energy opens battery plant in Leipzig") == \
        ["energy", "leipzig"]
    assert title_names("Acme Energy Opens Battery Plant In Leipzig") == []  # Title Case
    entries = Entries()
    entries.add("a", "Acme Energy opens battery plant in Leipzig", summary=SUMMARY)
    entries.add("b", "Acme Energy opens battery plant in Dresden",
                summary=SUMMARY.replace("Leipzig", "Dresden"))
    assert entries.find(threshold=50) == []


def test_summaries_are_read_only_for_pairs_with_close_titles() -> None:
    entries = Entries()
    _filler(entries, 200)
    entries.add("a", "Acme Energy opens battery plant in Leipzig", summary=SUMMARY)
    entries.add("b", "Acme Energy opens battery factory in Leipzig", summary=RETOLD)
    entries.find(threshold=90)
    assert entries.asked and len(entries.asked) < 20


def test_a_marked_pair_never_shares_a_group() -> None:
    entries = Entries()
    url = "https://example.org/acme"
    entries.add("a", "Acme opens a battery plant", url)
    entries.add("b", "Acme opens a battery plant", url)
    entries.add("c", "Acme opens a battery plant", url)
    assert [g.ids for g in entries.find()] == [("a", "b", "c")]
    groups = entries.find(not_duplicates={("a", "b")})
    assert all(not {"a", "b"} <= set(g.ids) for g in groups)
    assert [g.ids for g in groups] == [("a", "c")]  # c still goes with one of them
    assert entries.find(not_duplicates={("a", "b"), ("a", "c"), ("b", "c")}) == []


def test_without_summaries_titles_must_be_nearly_equal() -> None:
    entries = Entries()
    _filler(entries)
    entries.add("a", "Acme opens battery plant")
    entries.add("b", "Acme closes battery plant")
    entries.add("c", "Borex sells its wind farms in Denmark")
    entries.add("d", "Borex sells its wind farms in Denmrak")  # a typo
    [group] = entries.find(threshold=75)
    assert group.ids == ("c", "d") and group.reason == SIMILAR


def test_the_threshold_must_be_a_similarity() -> None:
    with pytest.raises(ValueError, match="0 to 100"):
        Entries().find(threshold=120)


def test_progress_is_told_and_cancel_stops() -> None:
    entries = Entries()
    _filler(entries, 5000)
    seen: list[str] = []
    entries.find(progress=lambda done, total, stage: seen.append(stage))
    assert {"reading", "comparing", "scoring"} <= set(seen)
    with pytest.raises(GroupingCancelled):
        entries.find(cancelled=lambda: True)


def _entry(entry_id: str, title: str, url: str | None = None, summary: str = "") -> Entry:
    return Entry.model_validate({"id": entry_id, "title": title, "url": url,
                                 "summary": summary})


def test_a_library_or_a_filter_of_it(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.db") as library:
        library.imports.store([
            (_entry("00000000000000a1", "Acme opens a battery plant", "https://ex.org/a"), None),
            (_entry("00000000000000a2", "Acme opens a battery plant!"), None),
            (_entry("00000000000000b1", "Borex sells wind farms", "https://ex.org/b"), None),
            (_entry("00000000000000b2", "Wind farm sale", "http://www.ex.org/b/"), None),
        ])
        groups = find_in_library(library)
        assert [(g.ids, g.reason) for g in groups] == [
            (("00000000000000a1", "00000000000000a2"), SAME_TITLE),
            (("00000000000000b1", "00000000000000b2"), SAME_LINK),
        ]
        only = Filter(ids=frozenset({"00000000000000a1", "00000000000000b1",
                                     "00000000000000b2"}))
        assert [g.ids for g in find_in_library(library, only)] == [
            ("00000000000000b1", "00000000000000b2")]
        changed = mark_not_duplicates(library, ["00000000000000b2", "00000000000000b1"])
        assert changed == [("00000000000000b1", "00000000000000b2")]
        assert [g.ids for g in find_in_library(library)] == [
            ("00000000000000a1", "00000000000000a2")]
