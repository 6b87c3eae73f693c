"""Merging duplicates: every field kind, item union with score choices, the keeper rule,
re-import of a merged-away file, not-duplicates marks as operations, and undo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from curator.core.duplicates import (
    SAME_LINK,
    SAME_TITLE,
    DuplicateGroup,
    Match,
    MergeChoices,
    choose_keeper,
    merge_entries,
    plan_merge,
    sure_groups,
)
from curator.core.errors import CuratorError
from curator.core.exchange import export_json
from curator.core.importer import import_paths
from curator.core.model import Entry
from curator.core.operations import (
    By,
    Touched,
    mark_not_duplicates,
    merge,
    merge_groups,
    set_score,
    set_status,
    unmark_not_duplicates,
)
from curator.core.store import Filter, Library
from curator.core.writer import write_seed

A, B, C = "00000000000000aa", "00000000000000bb", "00000000000000cc"


def entry(entry_id: str, **fields: Any) -> Entry:
    return Entry.model_validate({"id": entry_id, "title": "Acme opens a plant", **fields})


def signal(name: str, relevancy: int, **more: Any) -> dict[str, Any]:
    return {"name": name, "description": "", "relevancy": relevancy, **more}


@pytest.fixture
def stored(library: Library) -> Library:
    library.imports.store([(entry(A, page="Energy", url="https://example.org/a",
                                   summary="Acme opened a plant.", keywords=["Acme", "plant"],
                                   themes=["Industry"], other={"Category": "news"},
                                   notes="Checked the figures.",
                                   signals=[signal("Battery costs fall", 3)]), None),
                            (entry(B, title="ACME opens a plant!", url="https://www.example.org/a/",
                                   summary="Acme opened a new plant in Ohio.",
                                   keywords=["acme", "Ohio"], themes=["Jobs"],
                                   other={"Category": "press", "Region": "US"},
                                   notes="Press release.",
                                   signals=[signal("Battery costs fall", 5, reviewed=True),
                                            signal("New jobs in Ohio", 2)]), None),
                            (entry(C, title="Other story"), None)])
    return library


def exported(library: Library, path: Path) -> dict[str, Any]:
    """The library's JSON export by id, without the times a write sets (undo puts values
    back, not when they were written)."""
    export_json(library, Filter(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = {e["id"]: {k: v for k, v in e.items() if k != "updated_at"}
               for e in data["entries"]}
    return entries


# -- the merged entry, as a pure function -------------------------------------------------

def test_plan_lists_each_differing_field_and_each_score_to_choose(stored: Library) -> None:
    plan = plan_merge([stored.entries.get(A), stored.entries.get(B)], A)
    assert [d.field for d in plan.differences] == [
        "title", "page", "url", "summary", "other.Category", "other.Region"]
    assert plan.differences[0].values == {A: "Acme opens a plant", B: "ACME opens a plant!"}
    [choice] = plan.score_choices
    assert (choice.section, choice.position, choice.kept_score, choice.other_score) == (
        "signals", 0, 3, 5)


def test_defaults_keep_the_kept_entrys_fields_and_unite_the_rest(stored: Library) -> None:
    merged, record = merge_entries([stored.entries.get(A), stored.entries.get(B)], A)
    assert (merged.id, merged.title, merged.url) == (A, "Acme opens a plant",
                                                     "https://example.org/a")
    assert merged.keywords == ["Acme", "plant", "Ohio"]  # "acme" is "Acme" ignoring case
    assert merged.themes == ["Industry", "Jobs"]
    assert merged.other == {"Category": "news", "Region": "US"}
    assert merged.notes == f"Checked the figures.\n\n(from {B}) Press release."
    assert [(s.name, s.relevancy, s.reviewed) for s in merged.signals] == [
        ("Battery costs fall", 3, False), ("New jobs in Ohio", 2, False)]
    assert record == {"ids": [B], "fields": {"other.Region": B},
                      "items": {"signals.1": B}}


def test_choices_take_fields_pairs_and_items_from_another_entry(stored: Library) -> None:
    choices = MergeChoices(fields={"title": B, "summary": B, "page": B, "other.Category": B},
                           items={("signals", 0): B})
    merged, record = merge_entries([stored.entries.get(A), stored.entries.get(B)], A, choices)
    assert merged.title == "ACME opens a plant!" and merged.page is None
    assert merged.summary == "Acme opened a new plant in Ohio."
    assert merged.other["Category"] == "press"
    # The other entry's item comes whole: its score and its reviewed mark.
    assert (merged.signals[0].relevancy, merged.signals[0].reviewed) == (5, True)
    assert record["fields"] == {"title": B, "page": B, "summary": B, "other.Category": B,
                                "other.Region": B}
    assert record["items"] == {"signals.0": B, "signals.1": B}


def test_similar_items_become_one_and_different_ones_stay_apart() -> None:
    keep = entry(A, concerns=[{"name": "Grid strain", "description": "", "relevancy": 2}])
    other = entry(B, concerns=[{"name": "grid  strain.", "description": "", "relevancy": 4},
                               {"name": "Grid strains", "description": "", "relevancy": 1},
                               {"name": "Water use", "description": "", "relevancy": 1}])
    merged, _ = merge_entries([keep, other], A)
    # "Grid strains" is like "Grid strain" but that one was matched already by an equal one.
    assert [c.name for c in merged.concerns] == ["Grid strain", "Grid strains", "Water use"]
    assert merged.concerns[0].relevancy == 2


def test_extra_sections_of_one_name_unite_their_rows() -> None:
    table = {"name": "Sources", "columns": ["Name"], "rows": [["Reuters"]]}
    other = {"name": "Sources", "columns": ["Name"], "rows": [["Reuters"], ["AP"]]}
    odd = {"name": "sources", "columns": ["Who", "When"], "rows": [["x", "y"]]}
    merged, _ = merge_entries([entry(A, extra_sections=[table]),
                               entry(B, extra_sections=[other]),
                               entry(C, extra_sections=[odd])], A)
    assert [(s.name, s.rows) for s in merged.extra_sections] == [
        ("Sources", [["Reuters"], ["AP"]]), (f"sources (from {C})", [["x", "y"]])]


def test_a_choice_naming_no_entry_of_the_merge_is_refused(stored: Library) -> None:
    with pytest.raises(ValueError, match="not an entry of this merge"):
        merge_entries([stored.entries.get(A), stored.entries.get(B)], A,
                      MergeChoices(fields={"title": C}))


def test_keeper_is_the_most_curated_then_the_oldest(stored: Library) -> None:
    assert choose_keeper(stored.duplicates.curation([A, B])) == B  # B has a reviewed item
    set_score(stored, (A, "signals", 0), 4)
    set_score(stored, (A, "signals", 0), 2)
    assert choose_keeper(stored.duplicates.curation([A, B])) == A  # two edits outweigh
    assert choose_keeper(stored.duplicates.curation([A, C])) == A
    assert choose_keeper(stored.duplicates.curation([C, B, A])) == A


def test_sure_groups_are_those_joined_by_the_reason_alone() -> None:
    by_link = DuplicateGroup((A, B, C), (SAME_LINK,), 100.0,
                             (Match(A, B, SAME_LINK, 100.0), Match(B, C, SAME_LINK, 100.0)))
    mixed = DuplicateGroup((A, B, C), (SAME_LINK, SAME_TITLE), 100.0,
                           (Match(A, B, SAME_LINK, 100.0), Match(B, C, SAME_TITLE, 100.0)))
    assert sure_groups([by_link, mixed], SAME_LINK) == [by_link]
    assert sure_groups([by_link, mixed], SAME_TITLE) == []


# -- the operation, its history and its undo ----------------------------------------------

def test_merge_saves_the_merged_entry_and_records_where_each_field_came_from(
        stored: Library) -> None:
    change = merge(stored, A, [B], MergeChoices(fields={"summary": B}))
    assert change.entry_ids == (A, B) and change.touches(Touched.ENTRIES)
    assert change.text == "merge of 2 entries into “Acme opens a plant”"
    assert not stored.entries.has(B)
    assert stored.entries.get(A).summary == "Acme opened a new plant in Ohio."
    [row] = [r for r in stored.entries.history(A) if r.field == "merged"]
    assert row.by == By.MERGE
    assert row.new == {"ids": [B], "fields": {"summary": B, "other.Region": B},
                       "items": {"signals.1": B}}
    assert stored.duplicates.merged_into(B) == A


def test_undo_of_a_merge_leaves_the_library_as_before_and_redo_merges_again(
        stored: Library, tmp_path: Path) -> None:
    set_status(stored, [B], "approved")
    before = exported(stored, tmp_path / "before.json")
    history = {i: stored.entries.history(i) for i in (A, B)}
    change = merge(stored, A, [B], MergeChoices(fields={"title": B}, items={("signals", 0): B}))
    after = exported(stored, tmp_path / "after.json")
    merged = {i: stored.entries.history(i) for i in (A, B)}
    assert after != before
    undone = change.inverse(stored, By.UNDO)
    assert exported(stored, tmp_path / "undone.json") == before
    assert stored.duplicates.merged_into(B) is None
    # Both histories read as before the merge: its rows went with it, no undo rows came.
    assert {i: stored.entries.history(i) for i in (A, B)} == history
    undone.inverse(stored, By.REDO)
    assert exported(stored, tmp_path / "redone.json") == after
    assert stored.duplicates.merged_into(B) == A
    assert {i: stored.entries.history(i) for i in (A, B)} == merged


def test_a_batch_merges_each_group_into_its_keeper_in_one_undo_step(
        stored: Library, tmp_path: Path) -> None:
    stored.imports.store([(entry("00000000000000dd", title="Other story"), None)])
    before = exported(stored, tmp_path / "before.json")
    change = merge_groups(stored, [(A, B), (C, "00000000000000dd")])
    assert change.text == "merge of 2 groups (4 entries)"
    assert stored.entries.ids(Filter(), sort="title") == [B, C]  # B kept: it has a reviewed item
    change.inverse(stored, By.UNDO)
    assert exported(stored, tmp_path / "undone.json") == before


def test_merging_an_unknown_id_or_one_entry_is_refused(stored: Library) -> None:
    with pytest.raises(CuratorError, match="no entry 00000000000000ee"):
        merge(stored, A, ["00000000000000ee"])
    assert stored.entries.has(A)
    with pytest.raises(CuratorError, match="two entries or more"):
        merge(stored, A, [A])


def test_reimporting_a_merged_away_file_creates_nothing_and_says_where_it_went(
        stored: Library, tmp_path: Path) -> None:
    path = tmp_path / f"001_{B}.txt"
    path.write_text(write_seed(stored.entries.get(B)), encoding="utf-8")
    merge(stored, A, [B])
    merge(stored, C, [A])  # and the entry it went into went on into another
    report = import_paths(stored, [path])
    assert (report.imported, report.unchanged) == (0, 0) and not stored.entries.has(B)
    [merged] = report.merged
    assert (merged.entry_id, merged.into_id) == (B, C)
    assert f"entry {B} was merged into {C} Other story; not imported again" in str(merged)
    assert "merged into other entries 1" in report.summary()


def test_not_duplicates_marks_are_operations_with_undo(stored: Library) -> None:
    change = mark_not_duplicates(stored, [B, A])
    assert stored.duplicates.marked_pairs() == {(A, B)} and change.touches(Touched.MARKS)
    undone = change.inverse(stored, By.UNDO)
    assert stored.duplicates.marked_pairs() == set()
    undone.inverse(stored, By.REDO)
    assert stored.duplicates.marked_pairs() == {(A, B)}
    unmarked = unmark_not_duplicates(stored, [(B, A)])
    assert stored.duplicates.marked_pairs() == set()
    assert unmarked.text == "unmark 1 pair as not duplicates"
    unmarked.inverse(stored, By.UNDO)
    assert stored.duplicates.marked_pairs() == {(A, B)}
    with pytest.raises(CuratorError, match="two entries or more"):
        mark_not_duplicates(stored, [A])
