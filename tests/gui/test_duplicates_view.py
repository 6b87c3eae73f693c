"""The Duplicates view and its merge view: finding in the background, choosing versions,
merging one group or a batch, marking and unmarking "not duplicates", undo from the window."""

from __future__ import annotations

from typing import Any

import pytest

from curator.core.model import Entry
from curator.core.store import Filter, Library
from curator.gui.review.duplicates_groups import GroupModel
from curator.gui.review.duplicates_view import DuplicatesView
from curator.gui.review.not_duplicates_dialog import NotDuplicatesDialog
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask

TIMEOUT_MS = 20_000
A, B, C, D, E = (f"{n:016x}" for n in (0xA1, 0xA2, 0xB1, 0xB2, 0xC1))


@pytest.fixture
def dupes(library: Library) -> Library:
    """A and B: one story by its link, told two ways; C and D: one title retyped; E alone."""
    rows = [
        {"id": A, "title": "Acme opens battery plant in Leipzig", "url": "https://ex.org/acme",
         "summary": "Acme opened a plant.", "keywords": ["Acme"], "notes": "Figures checked.",
         "signals": [{"name": "Battery costs fall", "relevancy": 2}]},
        {"id": B, "title": "Leipzig gets a battery factory", "url": "http://www.ex.org/acme/",
         "summary": "A new factory in Leipzig.", "keywords": ["Leipzig"],
         "signals": [{"name": "Battery costs fall", "relevancy": 5},
                     {"name": "Jobs in Saxony", "relevancy": 3}]},
        {"id": C, "title": "Borex sells its wind farms"},
        {"id": D, "title": "BOREX sells its wind-farms!"},
        {"id": E, "title": "Ocean heat records"},
    ]
    library.imports.store([(Entry.model_validate(row), None) for row in rows])
    return library


class Runs:
    """Runs operations as the window's `ops.run` does, keeping each change."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.changes: list[Any] = []

    def __call__(self, title: str, op, *args: Any) -> Any:
        change = op(self.library, *args)
        self.changes.append(change)
        return change


@pytest.fixture
def view(qtbot, dupes):
    runs = Runs(dupes)
    widget = DuplicatesView(runs, lambda entry_id: None)
    widget.runs = runs
    qtbot.addWidget(widget)
    widget.set_library(dupes)
    widget.set_filter(Filter())
    widget.resize(1200, 700)
    yield widget
    widget.shutdown()
    assert not widget.running


def find(qtbot, view: DuplicatesView) -> None:
    with qtbot.waitSignal(view.finished, timeout=TIMEOUT_MS):
        view.run_button.click()


def select(view: DuplicatesView, ids: set[str]) -> None:
    row = next(r for r, g in enumerate(view.model.groups) if set(g.ids) == ids)
    view.groups_view.setCurrentIndex(view.model.index(row, 0))


def test_groups_are_found_in_the_background_and_listed_with_why(qtbot, view) -> None:
    find(qtbot, view)
    assert {(frozenset(g.ids), g.reason) for g in view.model.groups} == {
        (frozenset({A, B}), "same link"), (frozenset({C, D}), "same title")}
    assert "2 groups of probable duplicates (4 of 5 entries" in view.status.text()
    assert view.run_button.isEnabled() and view.progress.isHidden()


def test_group_model_passes_the_model_tester(qtbot, qtmodeltester, view) -> None:
    find(qtbot, view)
    assert isinstance(view.model, GroupModel)
    qtmodeltester.check(view.model)


def test_merge_view_shows_what_differs_with_the_keepers_versions_chosen(qtbot, view) -> None:
    find(qtbot, view)
    select(view, {A, B})
    merge = view.merge_view
    assert merge.keep_id == A and merge.other_ids == [B]
    assert set(merge.choices().fields) == {"title", "url", "summary"}
    assert all(source == A for source in merge.choices().fields.values())
    assert merge.choices().items == {("signals", 0): A}  # scored 2 and 5: a choice


def test_merge_takes_the_chosen_versions_and_removes_the_group(qtbot, view, dupes) -> None:
    find(qtbot, view)
    select(view, {A, B})
    view.merge_view.choose("title", B)
    view.merge_view.choose_item("signals", 0, B)
    view.merge_button.click()
    kept = dupes.entries.get(A)
    assert not dupes.entries.has(B) and kept.title == "Leipzig gets a battery factory"
    assert [(s.name, s.relevancy) for s in kept.signals] == [
        ("Battery costs fall", 5), ("Jobs in Saxony", 3)]
    assert kept.keywords == ["Acme", "Leipzig"]
    assert [set(g.ids) for g in view.model.groups] == [{C, D}]


def test_choosing_another_keeper_starts_from_its_versions(qtbot, view, dupes) -> None:
    find(qtbot, view)
    select(view, {A, B})
    view.merge_view.set_keeper(B)
    assert view.merge_view.keep_id == B
    assert all(source == B for source in view.merge_view.choices().fields.values())
    view.merge_button.click()
    assert dupes.entries.has(B) and not dupes.entries.has(A)
    assert dupes.duplicates.merged_into(A) == B


def test_not_duplicates_hides_the_group_and_the_finder_skips_it_next_time(
        qtbot, view, dupes) -> None:
    find(qtbot, view)
    select(view, {C, D})
    view.not_duplicates_button.click()
    assert dupes.duplicates.marked_pairs() == {(C, D)}
    assert [set(g.ids) for g in view.model.groups] == [{A, B}]
    find(qtbot, view)
    assert [set(g.ids) for g in view.model.groups] == [{A, B}]


def test_marked_pairs_are_listed_and_can_be_unmarked(qtbot, view, dupes) -> None:
    find(qtbot, view)
    select(view, {C, D})
    view.not_duplicates_button.click()
    dialog = NotDuplicatesDialog(view, dupes, view.runs)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and "Borex sells its wind farms" in dialog.list.item(0).text()
    assert not dialog.unmark_button.isEnabled()
    dialog.list.item(0).setSelected(True)
    dialog.unmark_button.click()
    assert dupes.duplicates.marked_pairs() == set()
    assert dialog.list.item(0).text() == "No pairs are marked."


def test_batch_merge_asks_first_then_merges_each_sure_group(qtbot, view, dupes,
                                                            monkeypatch) -> None:
    asked: list[str] = []
    answer = {"go": False}

    def confirm(parent, title, text, action="OK") -> bool:
        asked.append(text)
        return answer["go"]

    monkeypatch.setattr(ask, "confirm", confirm)
    find(qtbot, view)
    view.batch_title.click()
    assert "Merge 1 group with the same title (2 entries)" in asked[0]
    assert dupes.entries.has(C) and dupes.entries.has(D)  # cancelled: nothing merged
    answer["go"] = True
    view.batch_title.click()
    assert dupes.entries.has(C) != dupes.entries.has(D)
    assert [set(g.ids) for g in view.model.groups] == [{A, B}]


def test_the_window_has_the_tab_and_undoes_a_merge(qtbot, dupes) -> None:
    window = MainWindow(dupes.path)
    qtbot.addWidget(window)
    names = [window.views.tabText(i) for i in range(window.views.count())]
    assert names[-1] == "Duplicates"
    view = window.duplicates_tab.view()
    find(qtbot, view)
    select(view, {A, B})
    before = window.library.entries.get(A)
    view.merge_button.click()
    assert not window.library.entries.has(B)
    window.undo_stack.undo()
    assert window.library.entries.has(B) and window.library.entries.get(A).title == before.title
    window.undo_stack.redo()
    assert not window.library.entries.has(B)
    window.close()
