"""The lazily built tabs: nothing is built until shown, and a built view follows every change."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from curator.core.store import Filter
from curator.gui.shell.tabs import LazyTabs


class FakeView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []


def _tabs(state: dict) -> tuple[LazyTabs, list[FakeView]]:
    built: list[FakeView] = []

    def build() -> FakeView:
        built.append(FakeView())
        return built[-1]

    tabs = LazyTabs(lambda: state["library"], lambda: state["filter"])
    for name in ("One", "Two"):
        tabs.add(name, build, lambda v, lib: v.calls.append(("library", lib)),
                 lambda v, f: v.calls.append(("filter", f)),
                 on_refresh=lambda v: v.calls.append(("refresh",)),
                 on_close=lambda v: v.calls.append(("close",)))
    return tabs, built


def test_nothing_is_built_before_it_is_needed(qtbot, seeded) -> None:
    tabs, built = _tabs({"library": seeded, "filter": Filter()})
    tabs.set_library(seeded)
    tabs.set_filter(Filter(search="energy"))
    tabs.refresh()
    tabs.close()
    assert built == []
    assert [tab.name for tab in tabs] == ["One", "Two"]


def test_a_tab_built_late_catches_up_with_the_library_and_filter(qtbot, seeded) -> None:
    flt = Filter(search="energy")
    tabs, built = _tabs({"library": seeded, "filter": flt})
    first = next(iter(tabs))
    qtbot.addWidget(first.page)
    view = first.page.view()
    assert built == [view]
    assert view.calls == [("library", seeded), ("filter", flt)]


def test_a_tab_built_without_a_library_waits_for_one(qtbot, seeded) -> None:
    tabs, built = _tabs({"library": None, "filter": Filter()})
    first = next(iter(tabs))
    qtbot.addWidget(first.page)
    view = first.page.view()
    assert view.calls == []
    tabs.set_library(seeded)
    assert view.calls == [("library", seeded)]


def test_only_built_tabs_follow_changes(qtbot, seeded) -> None:
    tabs, built = _tabs({"library": seeded, "filter": Filter()})
    first, second = tabs
    for tab in (first, second):
        qtbot.addWidget(tab.page)
    view = first.page.view()
    view.calls.clear()
    flt = Filter(search="grid")
    tabs.set_filter(flt)
    tabs.refresh()
    tabs.close()
    tabs.set_library(None)
    assert view.calls == [("filter", flt), ("refresh",), ("close",), ("library", None)]
    assert built == [view] and not second.page.built
