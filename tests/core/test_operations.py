"""Reverting past changes, bulk keyword edits and undoing an import."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.core.errors import CuratorError
from curator.core.importer import import_paths
from curator.core.operations import revert_change, undo_import, with_term, without_term
from curator.core.store import Filter, Library
from tests.conftest import SEEDS


def _first(library: Library) -> str:
    return library.entries.ids(Filter())[0]


def test_revert_a_title_edit_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
        entry_id = _first(library)
        original = library.entries.get(entry_id).title
        edited = library.entries.get(entry_id).model_copy(update={"title": "Changed"})
        library.edits.save_entry(edited, library.entries.version(entry_id))
    with Library(path) as library:  # as after a restart
        change = next(h for h in library.entries.history(entry_id) if h.field == "title")
        revert_change(library, change.pk)
        assert library.entries.get(entry_id).title == original
        assert library.entries.history(entry_id)[0].by == "revert"


def test_revert_a_relevancy_and_a_status(seeded: Library) -> None:
    entry_id = _first(seeded)
    old = seeded.entries.get(entry_id).concerns[1].relevancy
    seeded.edits.set_relevancy(entry_id, "concerns", 1, 1 if old != 1 else 5)
    seeded.edits.set_status([entry_id], "rejected")
    history = seeded.entries.history(entry_id)
    revert_change(seeded, next(h.pk for h in history if h.field == "concerns.1.relevancy"))
    revert_change(seeded, next(h.pk for h in history if h.field == "status"))
    entry = seeded.entries.get(entry_id)
    assert entry.concerns[1].relevancy == old and entry.status == "new"


def test_revert_of_a_vanished_item_is_refused(seeded: Library) -> None:
    entry_id = _first(seeded)
    entry = seeded.entries.get(entry_id)
    seeded.edits.set_relevancy(entry_id, "signals", 1, 1 if entry.signals[1].relevancy != 1 else 2)
    shorter = seeded.entries.get(entry_id).model_copy(update={"signals": entry.signals[:1]})
    seeded.edits.save_entry(shorter, seeded.entries.version(entry_id))
    pk = next(h.pk for h in seeded.entries.history(entry_id) if h.field == "signals.1.relevancy")
    with pytest.raises(CuratorError, match="no longer exists"):
        revert_change(seeded, pk)


def test_bulk_keyword_add_and_remove(seeded: Library) -> None:
    ids = seeded.entries.ids(Filter())
    before = seeded.edits.terms("keyword", ids)
    seeded.edits.set_terms("keyword", {i: with_term(t, "watchlist") for i, t in before.items()})
    assert seeded.entries.count(Filter(include=frozenset({("keyword", "watchlist")}))) == len(ids)
    assert seeded.entries.count(Filter(search="watchlist")) == len(ids)  # the search index follows
    seeded.edits.set_terms("keyword", before)
    assert seeded.entries.count(Filter(include=frozenset({("keyword", "watchlist")}))) == 0
    assert seeded.edits.terms("keyword", ids) == before


def test_term_helpers_ignore_case() -> None:
    assert with_term(["AI", "grid"], "ai") == ["AI", "grid"]
    assert with_term(["AI"], "grid") == ["AI", "grid"]
    assert without_term(["AI", "grid", "ai"], "Ai") == ["grid"]


def test_undo_import_removes_added_and_restores_updated(seeded: Library, tmp_path: Path) -> None:
    sample = sorted(SEEDS.glob("*.txt"))[0]
    entry_id = next(i for i in seeded.entries.ids(Filter())
                    if sample.name.split("_")[1].startswith(i))
    before = seeded.entries.get(entry_id)
    folder = tmp_path / "incoming"
    folder.mkdir()
    text = sample.read_text(encoding="utf-8")
    (folder / sample.name).write_text(text.replace(",", " (v2),", 1), encoding="utf-8")
    (folder / "new.txt").write_text(text.replace(",", " (another),", 1), encoding="utf-8")
    report = import_paths(seeded, [folder])
    assert (report.updated, report.imported) == (1, 1)
    total = seeded.entries.total()
    undo_import(seeded, report)
    assert seeded.entries.total() == total - 1
    assert seeded.entries.get(entry_id).title == before.title
    again = import_paths(seeded, [folder / sample.name])
    assert again.updated == 1  # still the importer's to update: undo did not mark it edited
