"""Review from the main window: every item of 50 entries by keyboard, stop, resume, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from curator.core.store import ItemFilter
from curator.gui.shell import reviewing
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask
from tests.perf.corpus import build_library


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(ask, "show_error", lambda *args: pytest.fail(f"error shown: {args}"))
    path = tmp_path / "fifty.db"
    build_library(path, 50)
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window.review, key)


def test_review_every_item_of_50_entries_by_keyboard(qtbot, window) -> None:
    library = window.library
    total = library.items.count(ItemFilter())
    window.user_actions.review_filter_action.trigger()  # Ctrl+R: the items of the current filter
    assert window.center.currentWidget() is window.review
    keys = [Qt.Key.Key_Space, Qt.Key.Key_3, Qt.Key.Key_Return, Qt.Key.Key_5]
    for step in range(total // 2):
        press(qtbot, window, keys[step % len(keys)])
    press(qtbot, window, Qt.Key.Key_Escape)  # stop half way: the summary shows
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.center.currentWidget() is window.views
    reviewed = library.items.count(ItemFilter(reviewed=True))
    assert reviewed == total // 2

    window.user_actions.review_filter_action.trigger()  # resume: only what is left
    left = library.items.count(ItemFilter(reviewed=False))
    assert left == total - reviewed
    for _ in range(left):
        press(qtbot, window, Qt.Key.Key_Space)
    assert library.items.count(ItemFilter(reviewed=False)) == 0
    press(qtbot, window, Qt.Key.Key_Return)  # leave the summary
    assert window.center.currentWidget() is window.views


def test_a_review_score_is_one_undo_step(qtbot, window) -> None:
    library = window.library
    window.user_actions.review_filter_action.trigger()
    key = window.review.session.current()
    before = library.items.get(key).relevancy
    history = library.entries.history(key[0])
    new = 1 if before != 1 else 5
    press(qtbot, window, getattr(Qt.Key, f"Key_{new}"))
    assert library.items.get(key).relevancy == new
    undo = window.user_actions.undo_action
    assert undo.text().startswith(f"&Undo relevancy {before} → {new} on “")
    undo.trigger()
    assert library.items.get(key).relevancy == before
    assert library.entries.history(key[0]) == history  # the score's row went with it


def test_statistics_follow_the_review(qtbot, window) -> None:
    library = window.library
    window.user_actions.review_filter_action.trigger()
    key = window.review.session.current()
    before = library.items.get(key).relevancy
    press(qtbot, window, getattr(Qt.Key, f"Key_{1 if before != 1 else 5}"))
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Escape)
    window.views.setCurrentWidget(window.stats_tab)
    [series] = window.reviewing.stats_view.charts[key[1]].series()
    bars = {s.label(): [int(s.at(i)) for i in range(s.count())] for s in series.barSets()}
    moved = [now - then for now, then in zip(bars["Current"], bars["Imported"])]
    expected = [0] * 5
    expected[before - 1] -= 1
    expected[(1 if before != 1 else 5) - 1] += 1
    assert moved == expected  # the chart shows exactly the one score the review moved


def test_ctrl_r_in_the_items_tab_reviews_what_it_lists(qtbot, window) -> None:
    window.views.setCurrentWidget(window.items_tab)
    window.reviewing.items_view.show_section_score("signals", 5)
    listed = window.library.items.keys(window.reviewing.items_view.current_filter())
    window.reviewing.items_view.skip_reviewed_check.setChecked(False)
    window.user_actions.review_filter_action.trigger()
    assert window.review.session.total == len(listed)
    assert set(window.review.session.keys) == set(listed)


def test_ctrl_r_in_the_items_tab_follows_its_sort(qtbot, window) -> None:
    window.views.setCurrentWidget(window.items_tab)
    view = window.reviewing.items_view
    view.skip_reviewed_check.setChecked(False)
    view.min_spin.setValue(3)
    header = view.table.horizontalHeader()
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # by entry title, A to Z
    shown = [view.model.row_key(row) for row in range(view.model.rowCount())]
    assert len({key.entry_id for key in shown}) > 1
    window.user_actions.review_filter_action.trigger()
    assert window.review.session.keys == shown


def test_scoring_in_the_items_tab_keeps_the_selection_on_the_scored_item(qtbot,
                                                                          window) -> None:
    window.user_actions.view_actions[1].trigger()  # the Items tab, sorted by score
    view = window.reviewing.items_view
    table = view.table
    row = next(r for r in range(2, view.model.rowCount())
               if view.model.item_at(r).relevancy >= 3 and not view.model.item_at(r).reviewed)
    key = view.model.row_key(row)
    old = view.model.item_at(row).relevancy
    table.setFocus()
    table.selectRow(row)
    for digit in (Qt.Key.Key_1, Qt.Key.Key_2):
        qtbot.keyClick(table, digit)
        # Each key scored the item on the selected row, and it is still there, selected.
        assert [i.row() for i in table.selectionModel().selectedRows()] == [row]
        assert table.currentIndex().row() == row and view.model.row_key(row) == key
    item = window.library.items.get(key)
    assert item.relevancy == 2 and item.reviewed  # marked reviewed, as review mode does
    assert view.order_banner.isVisible()
    # Leave out reviewed items: a review of the list no longer offers it.
    view.skip_reviewed_check.setChecked(True)
    window.user_actions.review_filter_action.trigger()
    assert key not in window.review.session.keys
    window.review.end()
    window.views.setCurrentWidget(window.items_tab)
    # Undo, twice: the old score and the old mark come back, in the same row.
    window.undo_stack.undo()
    window.undo_stack.undo()
    item = window.library.items.get(key)
    assert item.relevancy == old and not item.reviewed
    assert view.model.row_key(row) == key and view.model.index(row, 6).data() == ""
    # F5 reads the list in order again.
    window.user_actions.refresh_action.trigger()
    assert not view.order_banner.isVisible()


def test_scoring_down_the_items_tab_scores_only_the_items_seen(qtbot, window) -> None:
    # An analyst's run through the list: read the selected row, press a score, go down.
    window.user_actions.view_actions[1].trigger()
    view, table = window.reviewing.items_view, window.reviewing.items_view.table
    before = {row.key: row.relevancy for row in window.library.items.page(
        ItemFilter(), limit=100_000)}
    table.setFocus()
    table.selectRow(0)
    given: dict = {}
    for step in range(25):
        row = table.currentIndex().row()
        seen = view.model.row_key(row)
        value = 1 + step % 5
        qtbot.keyClick(table, Qt.Key.Key_1 + value - 1)
        given[seen] = value
        assert view.model.row_key(table.currentIndex().row()) == seen
        below = view.model.row_key(row + 1)
        qtbot.keyClick(table, Qt.Key.Key_Down)
        assert view.model.row_key(table.currentIndex().row()) == below
    after = {row.key: row.relevancy for row in window.library.items.page(
        ItemFilter(), limit=100_000)}
    assert {k for k in after if after[k] != before[k]} <= set(given)
    assert all(after[key] == value for key, value in given.items())
    assert all(window.library.items.get(key).reviewed for key in given)


def test_a_review_of_very_many_items_is_confirmed_first(qtbot, window, monkeypatch) -> None:
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(reviewing, "CONFIRM_REVIEW_ITEMS", 10)
    monkeypatch.setattr(ask, "confirm", lambda parent, title, text, action="OK":
                        asked.append(text) or answer[0])
    total = window.library.items.count(ItemFilter())
    window.user_actions.review_filter_action.trigger()
    assert asked and asked[0].startswith(f"Review all {total:,} of these items")
    assert window.center.currentWidget() is window.views  # declined: no review
    answer[0] = True
    window.user_actions.review_filter_action.trigger()
    assert window.center.currentWidget() is window.review
    assert window.review.session.total == total


def test_reviewed_items_listed_and_left_out_leave_nothing_to_review(qtbot, window) -> None:
    window.library.items.set_reviewed(window.library.items.keys(ItemFilter())[:5])
    window.user_actions.view_actions[1].trigger()  # the Items tab
    window.reviewing.items_view.skip_reviewed_check.setChecked(True)
    combo = window.reviewing.items_view.reviewed_combo
    combo.setCurrentIndex(combo.findData(True))  # "Reviewed" only
    assert window.reviewing.items_view.current_filter().reviewed is True
    window.user_actions.review_filter_action.trigger()
    assert window.center.currentWidget() is window.views
    assert "No items to review" in window.statusBar().currentMessage()


@pytest.mark.parametrize("reviewed", [False, True])
def test_undo_of_a_review_score_puts_the_mark_back_as_it_was(qtbot, window,
                                                            reviewed: bool) -> None:
    library = window.library
    window.user_actions.review_filter_action.trigger()
    key = window.review.session.current()
    library.items.set_reviewed([key], reviewed)
    before = library.items.get(key)
    press(qtbot, window, getattr(Qt.Key, f"Key_{1 if before.relevancy != 1 else 5}"))
    assert library.items.get(key).reviewed is True
    window.user_actions.undo_action.trigger()
    after = library.items.get(key)
    assert (after.relevancy, after.reviewed) == (before.relevancy, reviewed)
    window.user_actions.redo_action.trigger()
    assert library.items.get(key).reviewed is True
