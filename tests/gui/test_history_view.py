"""The History tab as a change log: names, marked words, folded undo and redo, a field filter."""

from __future__ import annotations

import html
import json
import re

import pytest

from curator.core.operations import save_entry, set_status
from curator.core.operations.scores import set_score
from curator.core.store import By, ItemKey, Library
from curator.gui.browse.history_view import ALL, CHANGE, NEW, OLD, HistoryView
from curator.gui.browse.section_model import HIGHLIGHT_ROLE

SUPERBLOCKS = "494634e2e4d0a94c"


@pytest.fixture
def view(qtbot) -> HistoryView:
    widget = HistoryView()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def _logged(library: Library, field: str, old: object, new: object, by: By) -> None:
    """A row of an undo or a redo as Curator wrote them before undo took its change's row
    out of the history: such libraries still show them folded into the change."""
    with library.transaction():
        library.conn.execute(
            "INSERT INTO history (entry_id, field, old, new, at, by) VALUES (?, ?, ?, ?, ?, ?)",
            [SUPERBLOCKS, field, json.dumps(old), json.dumps(new), "2026-01-01T10:00:00+00:00",
             by])


@pytest.fixture
def changed(seeded: Library) -> Library:
    """A score set, undone and redone; a status set and undone (each written as an older
    Curator did); a summary word changed."""
    old = seeded.entries.get(SUPERBLOCKS).signals[0].relevancy
    set_score(seeded, ItemKey(SUPERBLOCKS, "signals", 0), 2)
    _logged(seeded, "signals.0.relevancy", 2, old, By.UNDO)
    _logged(seeded, "signals.0.relevancy", old, 2, By.REDO)
    status = seeded.entries.get(SUPERBLOCKS).status
    set_status(seeded, [SUPERBLOCKS], "approved")
    _logged(seeded, "status", "approved", status, By.UNDO)
    entry = seeded.entries.get(SUPERBLOCKS)
    save_entry(seeded, entry.model_copy(update={"summary": entry.summary.replace(
        "plazas", "squares", 1)}), seeded.entries.version(SUPERBLOCKS))
    return seeded


def _show(view: HistoryView, library: Library) -> None:
    view.show_history(library.entries.history(SUPERBLOCKS))


def _texts(view: HistoryView, column: int) -> list[str]:
    tree = view.tree
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]


def test_changes_are_named_and_undo_redo_folded_in(view: HistoryView, changed: Library) -> None:
    _show(view, changed)
    changes = _texts(view, CHANGE)
    assert changes[0] == "Summary: 2 words changed"
    assert "Status new \u2192 approved (undone)" in changes
    score = [c for c in changes if c.startswith("Signal “Tactical Urbanism Trials”: relevancy")]
    assert len(score) == 1  # one row, not three
    row = view.tree.topLevelItem(changes.index(score[0]))
    assert score[0].endswith("\u2192 2 (undone, then redone)") and row.text(4) == "review"
    events = [row.child(i).text(CHANGE).split(" ")[0] for i in range(row.childCount())]
    assert events == ["Undone", "Redone"]


def test_changed_words_are_marked_in_the_old_and_new_text(view: HistoryView,
                                                          changed: Library) -> None:
    _show(view, changed)
    row = view.tree.topLevelItem(0)
    (old_span,) = row.data(OLD, HIGHLIGHT_ROLE)
    (new_span,) = row.data(NEW, HIGHLIGHT_ROLE)
    assert row.text(OLD)[slice(*old_span)] == "plazas"
    assert row.text(NEW)[slice(*new_span)] == "squares"
    # The row shows an excerpt; its tooltip holds the whole text.
    assert changed.entries.get(SUPERBLOCKS).summary in html.unescape(row.toolTip(NEW))


def test_selecting_a_change_shows_its_whole_text(view: HistoryView, changed: Library) -> None:
    _show(view, changed)
    assert "Select a change" in view.detail.toPlainText()
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    shown = view.detail.toPlainText()
    assert changed.entries.get(SUPERBLOCKS).summary in shown
    marked = view.detail.toHtml()
    assert re.search(r"line-through;[^>]*>plazas<", marked)
    assert re.search(r"background-color:#c6e9c9;[^>]*>squares<", marked)


def test_an_undone_change_cannot_be_reverted(view: HistoryView, changed: Library) -> None:
    _show(view, changed)
    status_row = _texts(view, CHANGE).index("Status new \u2192 approved (undone)")
    view.tree.setCurrentItem(view.tree.topLevelItem(status_row))
    assert view.selected_line().undone and not view.revert_button.isEnabled()
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    assert view.revert_button.isEnabled()


def test_the_filter_shows_the_changes_of_one_field(view: HistoryView, changed: Library) -> None:
    _show(view, changed)
    combo = view.filter_combo
    options = [combo.itemText(i) for i in range(combo.count())]
    assert options == [ALL, "Relevancy", "Status", "Summary", "Entry"]
    combo.setCurrentText("Relevancy")
    assert _texts(view, CHANGE) == [
        f"{line.summary} (undone, then redone)" for line in view.lines
        if line.kind == "Relevancy"]
    assert view.count_label.text() == f"1 of {len(view.lines)} changes"
    _show(view, changed)  # a refresh keeps the choice
    assert combo.currentText() == "Relevancy" and view.tree.topLevelItemCount() == 1


def test_revert_sends_the_row_of_a_change(qtbot, view: HistoryView, changed: Library) -> None:
    _show(view, changed)
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0) or view.tree.topLevelItem(0))
    with qtbot.waitSignal(view.revert_requested) as blocker:
        view.revert_button.click()
    assert blocker.args == [view.lines[0].pk]


def test_a_narrow_pane_leaves_the_texts_to_the_pane_below(qtbot, view: HistoryView,
                                                           changed: Library) -> None:
    _show(view, changed)
    assert view.shows_texts
    view.resize(450, 600)
    qtbot.waitUntil(lambda: not view.shows_texts)
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    assert "squares" in view.detail.toPlainText()
    view.resize(900, 600)
    qtbot.waitUntil(lambda: view.shows_texts)
