"""The entry list's model: lazy pages, SQL sorting, filters and what each column shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from curator.core.store import Filter
from curator.core.store import entries as entries_module
from curator.gui.browse import entry_model
from curator.gui.browse.entry_model import CACHED_PAGES, COLUMNS, EntryTableModel
from curator.gui.widgets import background_read, page_cache
from curator.gui.widgets.page_cache import PAGE_SIZE


def test_model_passes_qt_checks(seeded, qtmodeltester) -> None:
    model = EntryTableModel(seeded)
    qtmodeltester.check(model)
    model.sort(5, Qt.SortOrder.DescendingOrder)
    model.set_filter(Filter(search="energy"))
    qtmodeltester.check(model)


def test_rows_follow_the_library(seeded) -> None:
    model = EntryTableModel(seeded)
    assert model.rowCount() == seeded.entries.total()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == [row.title for row in seeded.entries.page(Filter(), sort="title")]


def test_header_click_sorts_in_sql(seeded) -> None:
    model = EntryTableModel(seeded)
    column = [key for key, _ in COLUMNS].index("n_items")
    model.sort(column, Qt.SortOrder.DescendingOrder)
    shown = [int(model.index(r, column).data()) for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=True)
    assert model.sort_key == ("n_items", True)


def test_filter_limits_rows(seeded) -> None:
    model = EntryTableModel(seeded)
    model.set_filter(Filter(search="energy"))
    expected = seeded.entries.count(Filter(search="energy"))
    assert model.rowCount() == expected < seeded.entries.total()
    ids = {model.entry_id(r) for r in range(model.rowCount())}
    assert ids == set(seeded.entries.ids(Filter(search="energy")))


def test_only_a_few_pages_stay_in_memory(seeded, monkeypatch) -> None:
    model = EntryTableModel(seeded)
    rows = [seeded.entries.page(Filter(), limit=1)[0]] * PAGE_SIZE
    calls = []

    def fake_page(flt, *, sort, descending, offset, limit):
        calls.append(offset)
        return rows

    monkeypatch.setattr(seeded.entries, "page", fake_page)
    model._count = PAGE_SIZE * (CACHED_PAGES + 10)  # as if the library were that large
    for page in range(CACHED_PAGES + 10):
        model.index(page * PAGE_SIZE, 0).data()
    assert len(model._pages) == CACHED_PAGES
    assert calls == [p * PAGE_SIZE for p in range(CACHED_PAGES + 10)]
    model.index(PAGE_SIZE * (CACHED_PAGES + 9), 0).data()  # the newest page: no new read
    assert len(calls) == CACHED_PAGES + 10


def test_html_looking_title_tooltip_is_plain(library) -> None:
    from curator.core.model import Entry

    entry = Entry(id="0123456789abcdef", title="<img src=x onerror=alert(1)> Bold <b>claim</b>")
    library.imports.store([(entry, None)])
    model = EntryTableModel(library)
    assert model.index(0, 0).data() == entry.title
    tooltip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img" in tooltip


# -- a large library: a slow count follows the first page -----------------------------------


@pytest.fixture
def slow_count(monkeypatch):
    """Every query count takes "too long" (stopped at its first step), pages of 3 rows, and
    the library counts as large: as a query over 100,000 entries' items behaves."""
    monkeypatch.setattr(background_read, "BACKGROUND_FROM", 0)
    monkeypatch.setattr(entries_module, "PROGRESS_STEPS", 1)
    monkeypatch.setattr(entry_model, "COUNT_WAIT_S", 0.0)
    monkeypatch.setattr(page_cache, "PAGE_SIZE", 3)


def test_a_slow_count_follows_the_first_page(qtbot, seeded, slow_count) -> None:
    model = EntryTableModel(seeded)
    flt = Filter(query="relevancy:>=1")
    expected = seeded.entries.ids(flt)
    assert len(expected) > 3
    try:
        with qtbot.waitSignal(model.counted, timeout=10_000):
            model.set_filter(flt)
            assert model.counting and model.rowCount() == 3  # the first page, at once
            # An entry past it has no row yet (and finding it would scan as the count does).
            assert model.row_of(expected[1]) == 1 and model.row_of(expected[-1]) is None
        assert not model.counting and model.rowCount() == len(expected)
        assert [model.entry_id(r) for r in range(model.rowCount())] == expected
        # Read again after a change: the rows stay until the new count comes.
        with qtbot.waitSignal(model.counted, timeout=10_000):
            model.refresh()
            assert model.counting and model.rowCount() == len(expected)
        assert model.rowCount() == len(expected)
        # A query whose matches fit in the first page is counted by it.
        one = Filter(query=f"id:={expected[0]}")
        model.set_filter(one)
        assert not model.counting and model.rowCount() == 1
    finally:
        model.set_library(None)  # stops the worker thread


def test_an_answer_for_an_older_filter_is_dropped(qtbot, seeded, slow_count) -> None:
    model = EntryTableModel(seeded)
    try:
        older = Filter(query="relevancy:>=1")
        model.set_filter(older)
        newer = Filter(query=f"relevancy:>=1 -id:={seeded.entries.ids(older)[0]}")
        with qtbot.waitSignal(model.counted, timeout=10_000):
            model.set_filter(newer)
        assert model.rowCount() == seeded.entries.count(newer) < seeded.entries.count(older)
    finally:
        model.set_library(None)
