"""The main views built on first show (Items, Statistics, Calibration, Duplicates), as one table
the window walks: each tab says how to build its view and what it does when the library, the
entry filter or the data change; the window never asks which of them are built."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ...core.store import Filter, Library
from ..widgets.lazy_view import LazyView
from ..widgets.on_show import ShowWatcher

if TYPE_CHECKING:
    from ..review.calibration_view import CalibrationView, OpenEntry, SetGroupScore
    from ..review.items_view import ItemsView
    from ..review.stats_view import StatsView


def _nothing(view: Any) -> None:
    return None


@dataclass(frozen=True)
class LazyTab:
    """One tab: its name, its place holder, and what its view does on each change."""

    name: str
    page: LazyView
    on_library: Callable[[Any, Library | None], None]
    on_filter: Callable[[Any, Filter], None]
    on_refresh: Callable[[Any], None] = _nothing
    """After the data changed (an import, an edit, another program)."""
    on_close: Callable[[Any], None] = _nothing
    """When the window closes, before the library does."""


class LazyTabs:
    """The lazily built tabs; each built one is caught up with the current library and filter."""

    def __init__(self, library: Callable[[], Library | None],
                 entry_filter: Callable[[], Filter]) -> None:
        self._library = library
        self._entry_filter = entry_filter
        self._tabs: list[LazyTab] = []

    def add(self, name: str, build: Callable[[], QWidget],
            on_library: Callable[[Any, Library | None], None],
            on_filter: Callable[[Any, Filter], None],
            on_refresh: Callable[[Any], None] = _nothing,
            on_close: Callable[[Any], None] = _nothing) -> LazyView:
        tab: LazyTab
        page: LazyView = LazyView(lambda: self._build(tab, build))
        tab = LazyTab(name, page, on_library, on_filter, on_refresh, on_close)
        self._tabs.append(tab)
        return page

    def _build(self, tab: LazyTab, build: Callable[[], QWidget]) -> QWidget:
        view = build()
        library = self._library()
        if library is not None:
            tab.on_library(view, library)
            tab.on_filter(view, self._entry_filter())
        return view

    def __iter__(self) -> Iterator[LazyTab]:
        return iter(self._tabs)

    def _built(self) -> Iterator[tuple[LazyTab, Any]]:
        return ((tab, tab.page.view()) for tab in self._tabs if tab.page.built)

    def set_library(self, library: Library | None) -> None:
        for tab, view in self._built():
            tab.on_library(view, library)

    def set_filter(self, flt: Filter) -> None:
        for tab, view in self._built():
            tab.on_filter(view, flt)

    def refresh(self) -> None:
        for tab, view in self._built():
            tab.on_refresh(view)

    def close(self) -> None:
        for tab, view in self._built():
            tab.on_close(view)


def add_review_tabs(tabs: LazyTabs, *, set_item_relevancy: Callable[..., bool],
                    open_entry: OpenEntry, start_review: Callable[[list], None],
                    show_section_score: Callable[[str, int], None],
                    set_group_score: SetGroupScore,
                    follow_entry: OpenEntry | None = None) -> tuple[LazyView, LazyView, LazyView]:
    """The Items, Statistics and Calibration tabs; their modules are imported when built.
    `follow_entry` hears the entry of the Items tab's current item."""

    def items() -> ItemsView:
        from ..review.items_view import ItemsView

        view = ItemsView(set_item_relevancy, open_entry, start_review)

        def current_item(current: Any, _previous: Any) -> None:
            key = view.model.row_key(current.row()) if current.isValid() else None
            if key is not None and follow_entry is not None:
                follow_entry(key.entry_id)

        view.table.selectionModel().currentRowChanged.connect(current_item)
        # Back in the Items tab, the pane shows the current item's entry again, not the one
        # chosen in the list meanwhile.
        ShowWatcher(view, lambda: current_item(view.table.currentIndex(), None))
        return view

    def items_library(view: ItemsView, library: Library | None) -> None:
        view.set_library(library)
        if library is not None:
            view.set_read_only(library.read_only)

    def stats() -> StatsView:
        from ..review.stats_view import StatsView

        view = StatsView()
        view.bar_clicked.connect(show_section_score)
        return view

    def calibration() -> CalibrationView:
        from ..review.calibration_view import CalibrationView

        return CalibrationView(set_group_score, open_entry)

    return (
        tabs.add("Items", items, items_library, lambda v, f: v.set_entry_filter(f),
                 on_refresh=lambda v: v.reload()),  # F5: re-sorts rows held after scoring
        tabs.add("Statistics", stats, lambda v, lib: v.set_library(lib),
                 lambda v, f: v.set_filter(f), on_refresh=lambda v: v.mark_stale()),
        tabs.add("Calibration", calibration, lambda v, lib: v.set_library(lib),
                 lambda v, f: v.set_filter(f), on_close=lambda v: v.shutdown()),
    )


def add_duplicates_tab(tabs: LazyTabs, *, run: Callable[..., Any],
                       open_entry: Callable[[str], None]) -> LazyView:
    """The Duplicates tab: groups of probable duplicates, merged through `run` (ops.run)."""

    def duplicates() -> QWidget:
        from ..review.duplicates_view import DuplicatesView

        return DuplicatesView(run, open_entry)

    return tabs.add("Duplicates", duplicates, lambda v, lib: v.set_library(lib),
                    lambda v, f: v.set_filter(f), on_refresh=lambda v: v.refresh(),
                    on_close=lambda v: v.shutdown())
