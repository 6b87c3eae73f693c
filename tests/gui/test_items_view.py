"""The Items view: items across entries, sorted and filtered in SQL, scored by key."""

from __future__ import annotations

import html
from dataclasses import replace

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, QRect, Qt

from curator.core import operations as ops
from curator.core.model import SECTIONS
from curator.core.store import Filter, ItemFilter, Library
from curator.gui.review.items_model import (
    CACHED_PAGES,
    ENTRY_COLUMN,
    RELEVANCY_COLUMN,
    REVIEWED_COLUMN,
    ItemsTableModel,
)
from curator.gui.review.items_table import DESCRIPTION_COLUMN, NAME_COLUMN
from curator.gui.review.items_view import ItemsView
from curator.gui.widgets.page_cache import PAGE_SIZE


def _all_items(library: Library):
    """(entry, section, position, item) for every item, read entry by entry."""
    for entry_id in library.entries.ids(Filter()):
        entry = library.entries.get(entry_id)
        for section in SECTIONS:
            for position, item in enumerate(entry.items(section)):
                yield entry, section, position, item


class Calls:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.scores: list[tuple] = []
        self.opened: list[str] = []
        self.reviews: list[list] = []

    def set_relevancy(self, key, value) -> bool:
        self.scores.append((key, value))
        ops.set_score(self.library, key, value)  # as the window does: the core operation
        return True


@pytest.fixture
def view(qtbot, seeded):
    calls = Calls(seeded)
    widget = ItemsView(calls.set_relevancy, calls.opened.append,
                       calls.reviews.append)
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.resize(1100, 700)
    widget.show()
    widget.calls = calls
    return widget


def test_a_hidden_items_view_counts_nothing(qtbot, seeded, monkeypatch) -> None:
    counted = []
    monkeypatch.setattr(seeded.items, "count", lambda flt: counted.append(flt) or 0)
    widget = ItemsView(lambda key, value: True, lambda entry_id: None, lambda keys: None)
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.set_entry_filter(Filter(search="energy"))
    assert counted == []  # opening a large library does not wait for millions of items
    widget.show()
    assert counted and counted[-1].entries == Filter(search="energy")


def _shown_keys(view: ItemsView) -> list[tuple]:
    return [view.model.row_key(r) for r in range(view.model.rowCount())]


def test_model_passes_qt_checks(seeded, qtmodeltester) -> None:
    model = ItemsTableModel(seeded, lambda key, value: True)
    qtmodeltester.check(model)
    model.sort(ENTRY_COLUMN, Qt.SortOrder.AscendingOrder)
    model.set_filter(ItemFilter(sections=frozenset({"signals"}), min_relevancy=3))
    qtmodeltester.check(model)
    # With a row held in place after a score that moves it (italic, its tooltip says why).
    key = model.row_key(0)
    ops.set_score(seeded, key, 1)
    assert model.reread() and model.is_held(0)
    qtmodeltester.check(model)


def test_all_items_are_listed(view, seeded) -> None:
    items = list(_all_items(seeded))
    assert view.model.rowCount() == len(items)
    assert set(_shown_keys(view)) == {(e.id, s, p) for e, s, p, _ in items}
    assert view.status_label.text() == f"{len(items)} items"


def test_sorting_by_relevancy_and_by_entry(view, seeded, qtbot) -> None:
    items = list(_all_items(seeded))
    header = view.table.horizontalHeader()
    header.setSortIndicator(RELEVANCY_COLUMN, Qt.SortOrder.AscendingOrder)
    shown = [view.model.index(r, RELEVANCY_COLUMN).data() for r in range(view.model.rowCount())]
    assert shown == sorted(i.relevancy for *_, i in items)

    header.setSortIndicator(ENTRY_COLUMN, Qt.SortOrder.DescendingOrder)
    titles = [view.model.index(r, ENTRY_COLUMN).data() for r in range(view.model.rowCount())]
    assert titles == sorted((e.title for e, *_ in items), key=str.casefold, reverse=True)
    assert view.model.sort_key == ("entry", True)

    # Description has no SQL sort: a click there leaves the sort (and its arrow) alone.
    view.show()
    qtbot.waitExposed(view)

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click(3)
    assert view.model.sort_key == ("entry", True)
    assert header.sortIndicatorSection() == ENTRY_COLUMN
    click(0)
    assert view.model.sort_key[0] == "section"


def test_filters_match_independent_counts(view, seeded, qtbot) -> None:
    first = list(_all_items(seeded))
    # Some scores moved and some items reviewed, so every filter has both kinds.
    for entry, section, position, item in first[::7]:
        seeded.edits.set_relevancy(entry.id, section, position, 1 if item.relevancy != 1 else 2)
    seeded.items.set_reviewed([(e.id, s, p) for e, s, p, _ in first[::5]])
    view.refresh()
    items = list(_all_items(seeded))

    def count(test) -> int:
        return sum(1 for entry, section, position, item in items
                   if test(entry, section, item))

    view.section_combo.setCurrentIndex(view.section_combo.findData("concerns"))
    assert view.model.rowCount() == count(lambda e, s, i: s == "concerns") > 0
    view.section_combo.setCurrentIndex(0)

    view.min_spin.setValue(3)
    view.max_spin.setValue(4)
    assert view.model.rowCount() == count(lambda e, s, i: 3 <= i.relevancy <= 4) > 0
    assert view.status_label.text() == f"{view.model.rowCount()} of {len(items)} items"
    view.min_spin.setValue(5)  # above the maximum: the maximum follows
    assert view.max_spin.value() == 5
    view.reset_filters()

    view.changed_combo.setCurrentIndex(view.changed_combo.findData(True))
    changed = count(lambda e, s, i: i.relevancy_imported is not None
                    and i.relevancy != i.relevancy_imported)
    assert view.model.rowCount() == changed == len(first[::7])
    view.changed_combo.setCurrentIndex(view.changed_combo.findData(False))
    assert view.model.rowCount() == len(items) - changed
    view.changed_combo.setCurrentIndex(0)

    view.reviewed_combo.setCurrentIndex(view.reviewed_combo.findData(True))
    assert view.model.rowCount() == count(lambda e, s, i: i.reviewed) == len(first[::5])
    view.reviewed_combo.setCurrentIndex(view.reviewed_combo.findData(False))
    assert view.model.rowCount() == count(lambda e, s, i: not i.reviewed)
    view.reviewed_combo.setCurrentIndex(0)

    word = "energy"
    qtbot.keyClicks(view.text_field, word)
    qtbot.waitUntil(lambda: view.model.filter.query == word)  # debounced
    expected = {(e.id, s, p) for e, s, p, i in items
                if any(word in str(getattr(i, f, "")).lower()
                       for f in ("name", "description", "change", "ten_year", "driving_force"))}
    assert set(_shown_keys(view)) == expected and expected


def test_entry_filter_and_bar_combine(view, seeded) -> None:
    items = list(_all_items(seeded))
    chosen = seeded.entries.ids(Filter())[:3]
    view.set_entry_filter(Filter(ids=frozenset(chosen)))
    assert view.model.rowCount() == sum(1 for e, *_ in items if e.id in chosen)
    view.section_combo.setCurrentIndex(view.section_combo.findData("signals"))
    assert set(_shown_keys(view)) == {(e.id, s, p) for e, s, p, _ in items
                                      if e.id in chosen and s == "signals"}


def test_show_section_score(view, seeded) -> None:
    items = list(_all_items(seeded))
    view.text_field.setText("anything")
    view.show_section_score("signals", 4)
    assert view.text_field.text() == ""
    assert (view.min_spin.value(), view.max_spin.value()) == (4, 4)
    assert view.model.rowCount() == sum(1 for _, s, _, i in items
                                        if s == "signals" and i.relevancy == 4)


def test_key_4_scores_the_current_row(view, seeded, qtbot) -> None:
    row = next(r for r in range(view.model.rowCount())
               if view.model.item_at(r).relevancy != 4)
    key = view.model.row_key(row)
    view.table.setCurrentIndex(view.model.index(row, 0))
    with qtbot.waitSignal(view.model.dataChanged):
        qtbot.keyClick(view.table, Qt.Key.Key_4)
    assert view.calls.scores == [(key, 4)]
    assert view.model.index(row, RELEVANCY_COLUMN).data() == 4
    assert view.model.row_key(row) == key  # the row stays where it was
    assert seeded.items.get(key).relevancy == 4 and seeded.items.get(key).reviewed
    qtbot.keyClick(view.table, Qt.Key.Key_4)  # the same score again: nothing to do
    assert len(view.calls.scores) == 1


def test_a_key_on_a_row_not_shown_as_selected_selects_it_first(view, seeded, qtbot) -> None:
    # A current cell with no selected row shows only a faint outline: a key there must not
    # score an item the analyst never picked. It selects the row; the next key scores it.
    row = next(r for r in range(view.model.rowCount())
               if view.model.item_at(r).relevancy != 3)
    key = view.model.row_key(row)
    view.table.selectionModel().setCurrentIndex(
        view.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    view.table.clearSelection()
    qtbot.keyClick(view.table, Qt.Key.Key_3)
    assert view.calls.scores == [] and seeded.items.get(key).relevancy != 3
    assert view.table.selectionModel().isRowSelected(row)
    qtbot.keyClick(view.table, Qt.Key.Key_3)
    assert view.calls.scores == [(key, 3)]


def test_focusing_the_table_shows_its_current_row_selected(view, qtbot) -> None:
    view.table.clearSelection()
    view.table.clearFocus()
    view.table.setFocus()
    qtbot.waitUntil(lambda: view.table.selectionModel().hasSelection())
    assert view.table.selectionModel().isRowSelected(view.table.currentIndex().row())


def test_the_same_score_on_an_unreviewed_item_marks_it_reviewed(view, seeded, qtbot) -> None:
    row = next(r for r in range(view.model.rowCount()) if not view.model.item_at(r).reviewed)
    key, score = view.model.row_key(row), view.model.item_at(row).relevancy
    view.table.setCurrentIndex(view.model.index(row, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_1 + score - 1)
    assert view.calls.scores == [(key, score)]
    assert seeded.items.get(key).reviewed and seeded.items.get(key).relevancy == score
    assert view.model.row_key(row) == key
    assert view.model.index(row, REVIEWED_COLUMN).data() == "✓"


def test_read_only_shows_but_does_not_score(view, qtbot) -> None:
    view.set_read_only(True)
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_1)
    assert view.calls.scores == []
    assert not view.model.flags(view.model.index(0, RELEVANCY_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    assert not view.review_button.isEnabled()


def test_enter_and_o_open_the_entry(view, qtbot) -> None:
    view.table.setCurrentIndex(view.model.index(3, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    view.table.setCurrentIndex(view.model.index(7, 2))
    qtbot.keyClick(view.table, Qt.Key.Key_O)
    assert view.calls.opened == [view.model.item_at(3).entry_id, view.model.item_at(7).entry_id]


def test_review_buttons(view, seeded) -> None:
    keys = seeded.items.keys(ItemFilter(sections=frozenset({"issues"})))
    seeded.items.set_reviewed(keys[:2])
    view.section_combo.setCurrentIndex(view.section_combo.findData("issues"))
    view.review_button.click()
    assert view.calls.reviews[-1] == seeded.items.keys(
        ItemFilter(sections=frozenset({"issues"}), reviewed=False),
        sort="relevancy", descending=True)
    view.skip_reviewed_check.setChecked(False)
    view.review_button.click()
    assert sorted(view.calls.reviews[-1]) == sorted(keys)

    view.table.selectRow(0)
    view.table.selectionModel().select(
        view.model.index(2, 0), view.table.selectionModel().SelectionFlag.Select
        | view.table.selectionModel().SelectionFlag.Rows)
    view.review_selected_button.click()
    assert view.calls.reviews[-1] == [view.model.row_key(0), view.model.row_key(2)]


def test_review_these_goes_through_the_rows_in_the_tables_order(view, seeded) -> None:
    for column, order in ((ENTRY_COLUMN, Qt.SortOrder.AscendingOrder),
                          (0, Qt.SortOrder.AscendingOrder),  # by section
                          (RELEVANCY_COLUMN, Qt.SortOrder.DescendingOrder)):
        view.table.horizontalHeader().setSortIndicator(column, order)
        view.skip_reviewed_check.setChecked(False)
        view.review_button.click()
        assert view.calls.reviews[-1] == _shown_keys(view)
    by_section = view.table.horizontalHeader()
    by_section.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    sections = list(dict.fromkeys(key.section for key in _shown_keys(view)))
    assert sections == list(SECTIONS)  # the seed file's order, not the names'


def test_show_keys_lists_exactly_those(view, seeded) -> None:
    keys = seeded.items.keys(ItemFilter())[:3]
    view.set_entry_filter(Filter(ids=frozenset({"0000000000000000"})))  # matches nothing
    view.show_keys(keys, "3 items changed in the review")
    assert set(_shown_keys(view)) == set(keys)
    assert view.keys_banner.isVisibleTo(view)
    view.clear_keys()
    assert view.model.rowCount() == 0


def test_only_a_few_pages_stay_in_memory(seeded, monkeypatch) -> None:
    model = ItemsTableModel(seeded)
    rows = seeded.items.page(ItemFilter(), limit=1) * PAGE_SIZE
    calls = []

    def fake_page(flt, *, sort, descending, offset, limit):
        calls.append(offset)
        return rows

    monkeypatch.setattr(seeded.items, "page", fake_page)
    model._count = PAGE_SIZE * (CACHED_PAGES + 10)  # as if the library were that large
    for page in range(CACHED_PAGES + 10):
        model.index(page * PAGE_SIZE, 0).data()
    assert len(model._pages) == CACHED_PAGES
    assert calls == [p * PAGE_SIZE for p in range(CACHED_PAGES + 10)]


def _window_like_view(qtbot, seeded) -> ItemsView:
    """An Items view scoring as the window does: the core operation, then every view is
    told to refresh while the change is still being made."""
    holder = {}

    def set_relevancy(key, value) -> bool:
        ops.set_score(seeded, key, value)
        holder["view"].refresh()
        return True

    view = ItemsView(set_relevancy, lambda entry_id: None, lambda keys: None)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    holder["view"] = view
    view.set_library(seeded)
    return view


def _selected_keys(view: ItemsView) -> list[tuple]:
    rows = sorted(index.row() for index in view.table.selectionModel().selectedRows())
    return [view.model.row_key(row) for row in rows]


def test_a_scored_row_stays_under_the_cursor_until_a_re_sort(qtbot, seeded) -> None:
    view = _window_like_view(qtbot, seeded)  # sorted by relevancy, highest first
    row = next(r for r in range(3, view.model.rowCount())
               if view.model.item_at(r).relevancy >= 3 and not view.model.item_at(r).reviewed)
    key, neighbour = view.model.row_key(row), view.model.row_key(row + 1)
    view.table.selectRow(row)
    assert _selected_keys(view) == [key]
    qtbot.keyClick(view.table, Qt.Key.Key_1)  # sorted by score, it now belongs at the end
    assert seeded.items.get(key).relevancy == 1 and seeded.items.get(key).reviewed
    # The row, the cursor and the selection are all still on the item just scored.
    assert view.model.row_key(row) == key and view.model.row_key(row + 1) == neighbour
    assert view.table.currentIndex().row() == row and _selected_keys(view) == [key]
    assert view.model.index(row, RELEVANCY_COLUMN).data() == 1
    assert view.model.index(row, REVIEWED_COLUMN).data() == "✓"
    # Marked as out of order, with the way to re-sort said in the status line.
    assert view.model.is_held(row) and not view.model.is_held(row + 1)
    assert view.model.index(row, 2).data(Qt.ItemDataRole.FontRole).italic()
    assert view.model.index(row + 1, 2).data(Qt.ItemDataRole.FontRole) is None
    assert view.order_banner.isVisible() and "Press F5" in view.order_label.text()
    # The next key acts on the item the analyst sees: the same one.
    qtbot.keyClick(view.table, Qt.Key.Key_2)
    assert seeded.items.get(key).relevancy == 2 and view.model.row_key(row) == key
    assert seeded.items.get(neighbour).relevancy != 2 or neighbour == key
    # "Re-sort now" (or F5, the window's refresh) reads the list in order: the item moves.
    view.resort_button.click()
    assert not view.model.order_stale and not view.order_banner.isVisible()
    assert view.model.row_key(row) != key
    keys = _shown_keys(view)
    assert keys.index(key) > row


def test_a_score_that_leaves_the_filter_keeps_its_row_until_a_re_sort(qtbot, seeded) -> None:
    view = _window_like_view(qtbot, seeded)
    view.show_section_score("signals", 5)
    before = view.model.rowCount()
    first, second = view.model.row_key(0), view.model.row_key(1)
    view.table.setCurrentIndex(view.model.index(0, 0))
    with qtbot.captureExceptions() as exceptions:
        qtbot.keyClick(view.table, Qt.Key.Key_3)
    assert not exceptions
    assert seeded.items.get(first).relevancy == 3
    assert view.model.rowCount() == before and view.model.row_key(0) == first
    assert view.table.currentIndex().row() == 0 and view.model.is_held(0)
    # A click on a column header re-sorts: the item, no longer a 5, leaves the list.
    view.table.horizontalHeader().setSortIndicator(RELEVANCY_COLUMN,
                                                   Qt.SortOrder.AscendingOrder)
    assert view.model.rowCount() == before - 1 and first not in _shown_keys(view)
    assert view.model.row_key(0) == second or second in _shown_keys(view)
    assert view.status_label.text().startswith(f"{before - 1} of ")


def test_a_change_that_moves_no_row_reads_the_list_again(qtbot, seeded) -> None:
    view = _window_like_view(qtbot, seeded)
    view.table.horizontalHeader().setSortIndicator(ENTRY_COLUMN, Qt.SortOrder.AscendingOrder)
    row = 4
    key = view.model.row_key(row)
    view.table.setCurrentIndex(view.model.index(row, 0))
    score = 1 if view.model.item_at(row).relevancy != 1 else 5
    qtbot.keyClick(view.table, Qt.Key.Key_1 + score - 1)
    # Sorted by entry, a score moves nothing: nothing is marked, the list is as SQL reads it.
    assert view.model.row_key(row) == key and not view.model.order_stale
    assert view.model.index(row, RELEVANCY_COLUMN).data() == score
    assert _shown_keys(view) == seeded.items.keys(ItemFilter(), sort="entry")


def test_a_deleted_entry_reads_the_list_again_keeping_the_current_item(qtbot,
                                                                       seeded) -> None:
    view = _window_like_view(qtbot, seeded)
    row = 6
    key = view.model.row_key(row)
    gone = next(view.model.item_at(r).entry_id for r in range(row)
                if view.model.item_at(r).entry_id != key.entry_id)
    view.table.setCurrentIndex(view.model.index(row, 0))
    seeded.edits.delete_entries([gone])
    view.refresh()
    assert gone not in {k.entry_id for k in _shown_keys(view)}
    current = view.table.currentIndex().row()
    assert view.model.row_key(current) == key and current < row


def test_undo_of_a_score_shows_the_old_score_in_the_same_row(qtbot, seeded) -> None:
    view = _window_like_view(qtbot, seeded)
    row = 2
    key = view.model.row_key(row)
    old = view.model.item_at(row).relevancy
    change = ops.set_score(seeded, key, 1 if old != 1 else 5)
    view.refresh()
    assert view.model.row_key(row) == key
    change.inverse(seeded, ops.By.UNDO)
    view.refresh()
    assert view.model.row_key(row) == key
    assert view.model.index(row, RELEVANCY_COLUMN).data() == old
    assert view.model.index(row, REVIEWED_COLUMN).data() == ""


def test_scores_read_as_a_number_beside_the_pips(view, qtbot) -> None:
    from PySide6.QtGui import QImage

    from curator.gui.review.items_table import ScoreDelegate

    delegate = view.table.itemDelegateForColumn(RELEVANCY_COLUMN)
    assert isinstance(delegate, ScoreDelegate)
    row = next(r for r in range(view.model.rowCount()) if view.model.item_at(r).relevancy == 4)
    index = view.model.index(row, RELEVANCY_COLUMN)
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    assert view.table.viewport().rect().contains(rect)
    pips_end = delegate.MARGIN + 5 * delegate.PIP + 4 * delegate.GAP
    digit = view.table.fontMetrics().horizontalAdvance("4")
    assert rect.width() >= pips_end + delegate.NUMBER_GAP + digit  # the number fits
    image = view.table.viewport().grab(rect).toImage()
    background = image.pixelColor(image.width() - 2, 1)
    inked = [x for x in range(pips_end + 2, image.width())
             for y in range(image.height()) if image.pixelColor(x, y) != background]
    assert inked, "no number drawn beside the pips"
    # The number is the score: another score draws other ink there.
    view.model._pages.replace(row, replace(view.model.item_at(row), relevancy=2))
    other = view.table.viewport().grab(rect).toImage()

    def number_area(picture: QImage) -> list:
        return [picture.pixelColor(x, y) for x in range(pips_end + 2, picture.width())
                for y in range(picture.height())]

    assert number_area(other) != number_area(image)
    # Screen readers are told the score in words.
    text = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith("Relevancy 2 of 5")


def _shown_whole(table, column: int, rows: range) -> list[bool]:
    """Whether each cell's text fits the lines its row shows at the column's width."""
    metrics = table.fontMetrics()
    lines = table.rowHeight(0) // metrics.lineSpacing() if table.wordWrap() else 1
    room = QRect(0, 0, table.columnWidth(column) - 8, lines * metrics.lineSpacing())
    flags = int(Qt.TextFlag.TextWordWrap) if table.wordWrap() else 0
    fits = []
    for row in rows:
        text = table.model().index(row, column).data()
        needed = metrics.boundingRect(QRect(0, 0, room.width(), 10_000), flags, text)
        fits.append(needed.height() <= room.height() and needed.width() <= room.width())
    return fits


def test_at_laptop_width_entry_and_description_show_most_of_their_text(view, qtbot) -> None:
    view.resize(1130, 700)  # the Items tab of a 1366 px window, beside the facets
    table = view.table
    qtbot.waitUntil(lambda: view.model.rowCount() >= 20)
    assert table.columnWidth(DESCRIPTION_COLUMN) > table.columnWidth(NAME_COLUMN)
    shown = range(view.model.rowCount())
    for column in (ENTRY_COLUMN, NAME_COLUMN, DESCRIPTION_COLUMN):
        fits = _shown_whole(table, column, shown)
        # One line at equal widths showed whole 12% of the titles, 29% of the descriptions.
        assert sum(fits) >= 0.85 * len(fits), (column, fits)
    # The score columns stay in view: the texts share only what the short ones leave.
    assert sum(table.columnWidth(c) for c in range(7)) <= table.viewport().width()


def test_an_elided_cell_s_tooltip_holds_its_whole_text(view, qtbot) -> None:
    view.resize(700, 600)  # narrow: some texts end in "…"
    table = view.table
    qtbot.waitUntil(lambda: view.model.rowCount() >= 20)
    cut = 0
    for column in (ENTRY_COLUMN, NAME_COLUMN, DESCRIPTION_COLUMN):
        for row, whole in enumerate(_shown_whole(table, column, range(20))):
            if not whole:
                cut += 1
                text = table.model().index(row, column).data()
                tip = table.model().index(row, column).data(Qt.ItemDataRole.ToolTipRole)
                assert html.escape(text) in tip or text in tip
    assert cut  # the check above ran
