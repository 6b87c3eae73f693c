"""The facet sidebar: counts from the library, clicks that cycle choices, and saved views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QTreeWidgetItem, QWidget

from curator.core.store import FACETS, Filter, Library
from curator.gui.browse.facet_sidebar import TOP_TERMS, FacetSidebar
from curator.gui.operations import Operations
from curator.gui.widgets import background_read


class Answers:
    """Stand-ins for the name and confirmation dialogs, recording what was asked."""

    def __init__(self, name: str | None = "My view", yes: bool = True) -> None:
        self.name = name
        self.yes = yes
        self.questions: list[str] = []

    def ask_view_name(self, parent) -> str | None:
        return self.name

    def confirm(self, parent, title: str, text: str) -> bool:
        self.questions.append(text)
        return self.yes


@pytest.fixture
def answers() -> Answers:
    return Answers()


def make_sidebar(qtbot, library: Library | None, answers: Answers) -> FacetSidebar:
    """A sidebar whose view changes run as in the window: one undo step each (on its
    `undo_stack`), the sidebar refreshed from the change."""
    holder = QWidget()
    qtbot.addWidget(holder)
    stack = QUndoStack(holder)
    run = Operations(holder, stack, lambda: library, lambda change: widget.refresh()).run
    widget = FacetSidebar(run, ask_view_name=answers.ask_view_name, confirm=answers.confirm)
    widget.undo_stack = stack
    return widget


@pytest.fixture
def sidebar(qtbot, seeded, answers) -> FacetSidebar:
    widget = make_sidebar(qtbot, seeded, answers)
    qtbot.addWidget(widget)
    widget.resize(260, 800)
    widget.set_library(seeded)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def children(sidebar: FacetSidebar, section: str) -> list[QTreeWidgetItem]:
    item = sidebar._sections[section]
    return [item.child(i) for i in range(item.childCount())]


def shown_counts(sidebar: FacetSidebar, facet: str) -> list[tuple[str, int]]:
    rows = []
    for child in children(sidebar, facet):
        if child.data(0, Qt.ItemDataRole.UserRole) == "value":
            value = child.data(0, Qt.ItemDataRole.UserRole + 2)
            rows.append((value, int(child.text(1).replace(",", "").replace("\u00a0", ""))))
    return rows


def value_item(sidebar: FacetSidebar, facet: str, value: str) -> QTreeWidgetItem:
    for child in children(sidebar, facet):
        if (child.data(0, Qt.ItemDataRole.UserRole) == "value"
                and child.data(0, Qt.ItemDataRole.UserRole + 2) == value):
            return child
    raise LookupError(f"{facet} {value!r} is not shown")


def view_item(sidebar: FacetSidebar, name: str) -> QTreeWidgetItem:
    for child in children(sidebar, "views"):
        if (child.data(0, Qt.ItemDataRole.UserRole) == "view"
                and child.data(0, Qt.ItemDataRole.UserRole + 2) == name):
            return child
    raise LookupError(f"no view {name!r}")


def click(qtbot, sidebar: FacetSidebar, item: QTreeWidgetItem, button=Qt.MouseButton.LeftButton):
    tree = sidebar.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    assert rect.isValid()
    qtbot.mouseClick(tree.viewport(), button, pos=rect.center())


def click_and_wait(qtbot, sidebar: FacetSidebar, item: QTreeWidgetItem) -> Filter:
    with qtbot.waitSignal(sidebar.filter_changed, timeout=2000) as blocker:
        click(qtbot, sidebar, item)
    return blocker.args[0]


def test_counts_are_the_library_counts(sidebar, seeded):
    for facet in ("status", "category", "type"):
        assert shown_counts(sidebar, facet) == seeded.entries.facet_counts(Filter(), facet)
    for facet in ("keyword", "theme"):
        expected = seeded.entries.facet_counts(Filter(), facet)[:TOP_TERMS]
        assert shown_counts(sidebar, facet) == expected


def test_counts_follow_the_filter(sidebar, seeded):
    flt = Filter(include=frozenset({("keyword", "renewable energy")}))
    sidebar.set_filter(flt)
    for facet in FACETS:
        assert shown_counts(sidebar, facet) == seeded.entries.facet_counts(flt, facet)[:TOP_TERMS]


def test_click_cycles_include_exclude_clear(qtbot, sidebar):
    first = click_and_wait(qtbot, sidebar, value_item(sidebar, "status", "new"))
    assert first.include == {("status", "new")} and not first.exclude
    assert value_item(sidebar, "status", "new").font(0).bold()

    second = click_and_wait(qtbot, sidebar, value_item(sidebar, "status", "new"))
    assert second.exclude == {("status", "new")} and not second.include
    assert value_item(sidebar, "status", "new").font(0).strikeOut()

    third = click_and_wait(qtbot, sidebar, value_item(sidebar, "status", "new"))
    assert third == Filter()


def test_an_owner_echoing_the_filter_back_changes_nothing(qtbot, sidebar):
    sidebar.filter_changed.connect(sidebar.set_filter)  # as the main window does
    flt = click_and_wait(qtbot, sidebar, value_item(sidebar, "category", "economy"))
    assert sidebar.filter == flt
    assert value_item(sidebar, "category", "economy").font(0).bold()


def test_clicks_keep_the_search(qtbot, sidebar):
    sidebar.set_filter(Filter(search="energy"))
    flt = click_and_wait(qtbot, sidebar, value_item(sidebar, "type", "report"))
    assert flt.search == "energy"
    assert flt.include == {("type", "report")}


def test_excluded_keyword_stays_visible_with_zero(sidebar):
    sidebar.set_filter(Filter(exclude=frozenset({("keyword", "AI")})))
    item = value_item(sidebar, "keyword", "AI")
    assert item.text(1) == "0"
    assert "Click to include" in item.toolTip(0)


def test_space_and_enter_cycle_the_current_value(qtbot, sidebar):
    item = value_item(sidebar, "category", "health")
    sidebar.tree.setFocus()
    sidebar.tree.setCurrentItem(item)
    with qtbot.waitSignal(sidebar.filter_changed) as blocker:
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Space)
    assert blocker.args[0].include == {("category", "health")}
    # The current line survives the recount, so the next key acts on the same value.
    with qtbot.waitSignal(sidebar.filter_changed) as blocker:
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Return)
    assert blocker.args[0].exclude == {("category", "health")}


def test_right_click_does_not_cycle(qtbot, sidebar):
    with qtbot.assertNotEmitted(sidebar.filter_changed):
        click(qtbot, sidebar, value_item(sidebar, "status", "new"), Qt.MouseButton.RightButton)


def test_clear_all_drops_facets_and_search(qtbot, sidebar):
    sidebar.set_filter(Filter(search="heat", include=frozenset({("status", "new")})))
    assert sidebar.clear_button.isEnabled()
    assert "search" in sidebar.clear_button.toolTip()
    with qtbot.waitSignal(sidebar.filter_changed) as blocker:
        qtbot.mouseClick(sidebar.clear_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == Filter()
    assert not sidebar.clear_button.isEnabled()


def test_show_all_and_find_reveal_other_keywords(qtbot, sidebar, seeded):
    everything = seeded.entries.facet_counts(Filter(), "keyword", limit=2000)
    assert len(everything) > TOP_TERMS
    last = everything[-1][0]
    with pytest.raises(LookupError):
        value_item(sidebar, "keyword", last)
    more = children(sidebar, "keyword")[-1]
    assert more.text(0).startswith("Show all")
    click(qtbot, sidebar, more)
    assert shown_counts(sidebar, "keyword") == everything

    sidebar.find_fields["keyword"].setText("ENERGY")
    assert {v for v, _ in shown_counts(sidebar, "keyword")} == {
        v for v, _ in everything if "energy" in v.casefold()}


def test_save_view_then_click_it(qtbot, sidebar, seeded, answers):
    flt = Filter(search="heat", include=frozenset({("theme", "public health")}))
    sidebar.set_filter(flt)
    qtbot.mouseClick(sidebar.save_button, Qt.MouseButton.LeftButton)
    assert seeded.saved_views.all() == [("My view", flt)]
    assert view_item(sidebar, "My view").font(0).bold()  # it is what is shown now

    sidebar.set_filter(Filter())
    assert click_and_wait(qtbot, sidebar, view_item(sidebar, "My view")) == flt


def test_saving_and_deleting_a_view_are_undone(qtbot, sidebar, seeded, answers):
    flt = Filter(search="heat")
    sidebar.set_filter(flt)
    qtbot.mouseClick(sidebar.save_button, Qt.MouseButton.LeftButton)
    sidebar.delete_view("My view")
    assert seeded.saved_views.all() == []
    with pytest.raises(LookupError):
        view_item(sidebar, "My view")
    assert sidebar.undo_stack.undoText() == "delete view “My view”"
    sidebar.undo_stack.undo()
    assert seeded.saved_views.all() == [("My view", flt)]
    view_item(sidebar, "My view")  # listed again
    sidebar.undo_stack.undo()
    assert seeded.saved_views.all() == []
    with pytest.raises(LookupError):
        view_item(sidebar, "My view")


def test_save_view_cancelled_saves_nothing(qtbot, sidebar, seeded, answers):
    answers.name = None
    qtbot.mouseClick(sidebar.save_button, Qt.MouseButton.LeftButton)
    assert seeded.saved_views.all() == []


def test_saving_over_a_view_asks_first(qtbot, sidebar, seeded, answers):
    seeded.saved_views.save("My view", Filter(search="old"))
    sidebar.refresh()
    answers.yes = False
    sidebar.set_filter(Filter(search="new"))
    qtbot.mouseClick(sidebar.save_button, Qt.MouseButton.LeftButton)
    assert answers.questions and seeded.saved_views.all() == [("My view", Filter(search="old"))]


def test_delete_view_from_its_context_menu(qtbot, sidebar, seeded, answers):
    seeded.saved_views.save("Old", Filter(search="x"))
    sidebar.refresh()
    item = view_item(sidebar, "Old")

    def choose_delete() -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:  # not shown yet: look again on the next turn of the loop
            QTimer.singleShot(10, choose_delete)
            return
        action = next(a for a in menu.actions() if a.text().startswith("Delete"))
        menu.close()
        action.trigger()

    QTimer.singleShot(0, choose_delete)
    sidebar.tree.customContextMenuRequested.emit(sidebar.tree.visualItemRect(item).center())
    assert answers.questions and "Old" in answers.questions[0]
    assert seeded.saved_views.all() == []
    with pytest.raises(LookupError):
        view_item(sidebar, "Old")


def test_delete_view_declined_keeps_it(sidebar, seeded, answers):
    seeded.saved_views.save("Keep", Filter(search="x"))
    sidebar.refresh()
    answers.yes = False
    sidebar.delete_view("Keep")
    assert [name for name, _ in seeded.saved_views.all()] == ["Keep"]


def test_read_only_library_disables_save_view(qtbot, seeded, tmp_path, answers):
    seeded.saved_views.save("Shared", Filter(search="x"))
    path = seeded.path
    with Library(path, read_only=True) as read_only:
        widget = make_sidebar(qtbot, read_only, answers)
        qtbot.addWidget(widget)
        widget.set_library(read_only)
        assert not widget.save_button.isEnabled()
        assert "read-only" in widget.save_button.toolTip()
        widget.delete_view("Shared")
        assert answers.questions == []
        assert shown_counts(widget, "status") == read_only.entries.facet_counts(Filter(), "status")
        widget.set_library(None)


def test_no_library_shows_no_values(qtbot, answers):
    widget = make_sidebar(qtbot, None, answers)
    qtbot.addWidget(widget)
    assert not widget.save_button.isEnabled()
    assert shown_counts(widget, "status") == []


# -- a large library: counted on a worker thread ------------------------------------------


@pytest.fixture
def background(qtbot, seeded, answers, monkeypatch):
    """The sidebar over the sample library, counted as a large library would be."""
    monkeypatch.setattr(background_read, "BACKGROUND_FROM", 0)
    widget = make_sidebar(qtbot, seeded, answers)
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    yield widget
    widget.set_library(None)  # stops the worker thread


def _expected(library: Library, flt: Filter, facet: str) -> list[tuple[str, int]]:
    return library.entries.facet_counts(flt, facet, limit=200)


def test_counts_of_a_large_library_arrive_from_the_worker(qtbot, background, seeded) -> None:
    qtbot.waitUntil(lambda: not background.counting, timeout=10_000)
    for facet in ("status", "category", "type"):
        assert shown_counts(background, facet) == _expected(seeded, Filter(), facet)
    category = _expected(seeded, Filter(), "category")[0][0]
    flt = Filter(include=frozenset({("category", category)}))
    background.set_filter(flt)
    # The choice shows at once, before its counts are in.
    assert background.counting and value_item(background, "category", category).font(0).bold()
    qtbot.waitUntil(lambda: not background.counting, timeout=10_000)
    assert shown_counts(background, "type") == _expected(seeded, flt, "type")


def test_only_the_newest_of_quick_changes_is_shown(qtbot, background, seeded) -> None:
    categories = [value for value, _ in _expected(seeded, Filter(), "category")]
    for category in categories:  # as fast as clicks come: most are overtaken
        background.set_filter(Filter(include=frozenset({("category", category)})))
    last = Filter(include=frozenset({("category", categories[-1])}))
    qtbot.waitUntil(lambda: not background.counting, timeout=10_000)
    assert shown_counts(background, "type") == _expected(seeded, last, "type")
    assert background.filter == last


def test_another_library_while_counting_stops_the_worker(qtbot, background, seeded) -> None:
    background.set_filter(Filter(search="energy"))
    background.set_library(None)  # at once, while counting: nothing arrives after
    QApplication.processEvents()
    assert not background.counting and shown_counts(background, "status") == []
