"""The search field reads the search language: completion, errors under it, and the window's
list, status bar, saved views, Items tab and help following the query."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl

from curator.core.importer import import_paths
from curator.core.query import FIELDS, describe
from curator.core.store import Filter, ItemFilter, Library
from curator.gui.browse.search_field import SearchField, token_before
from curator.gui.browse.search_help import SearchHelpDialog, help_html
from curator.gui.review.items_view import ItemsView
from curator.gui.shell.main_window import MainWindow

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SAMPLE_COUNT = len(list(SEEDS.glob("*.txt")))


@pytest.fixture
def field(qtbot, seeded) -> SearchField:
    widget = SearchField()
    qtbot.addWidget(widget)
    widget.set_value_source(seeded.entries.field_values)
    widget.resize(700, 30)
    widget.show()
    widget.setFocus()
    return widget


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    path = tmp_path / "samples.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    made = MainWindow(path)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.close()


def _search(qtbot, window: MainWindow, text: str) -> None:
    window.search_field.clear()
    window.search_field.setText(text)
    window.search_field.search_now()
    qtbot.waitUntil(lambda: window.model.filter.query == text, timeout=3000)


@pytest.mark.parametrize(("text", "cursor", "expected"), [
    ("heat sig", 8, (5, "sig")),
    ("(status:ne", 10, (1, "status:ne")),
    ('keyword:"battery ag', 19, (0, 'keyword:"battery ag')),
    ("-theme:en", 9, (1, "theme:en")),
    ("title:x OR", 4, (0, "titl")),
])
def test_token_before_the_cursor(text, cursor, expected) -> None:
    assert token_before(text, cursor) == expected


def test_completes_field_names(qtbot, field: SearchField) -> None:
    qtbot.keyClicks(field, "heat sig")
    assert field.completions() == ["signal:", "signal.relevancy:", "signal.imported:"]
    assert field.completer.popup().isVisible()
    qtbot.keyClick(field.completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(field.completer.popup(), Qt.Key.Key_Return)
    assert field.text() == "heat signal:"
    assert field.cursorPosition() == len("heat signal:")


def test_a_word_no_field_starts_with_offers_nothing(qtbot, field: SearchField) -> None:
    qtbot.keyClicks(field, "energy")
    assert field.completions() == []
    assert not field.completer.popup().isVisible()


@pytest.mark.parametrize("name", ["keyword", "theme", "category", "type", "status"])
def test_completes_the_library_values_of_a_field(qtbot, field: SearchField, seeded,
                                                 name: str) -> None:
    qtbot.keyClicks(field, f"{name}:")
    values = seeded.entries.field_values(name, "")
    assert values, name
    shown = field.completions()
    assert shown and len(shown) == min(len(values), 30)
    assert all(s.startswith(f"{name}:") for s in shown)
    assert field.completer.popup().isVisible()


def test_return_searches_and_closes_the_completions(qtbot, field: SearchField) -> None:
    qtbot.keyClicks(field, "keyword:e")  # values containing an e: the popup offers them
    with qtbot.waitSignal(field.search_requested):
        pass  # a pause in typing searches, and leaves the offers open to choose from
    assert field.completer.popup().isVisible()
    with qtbot.waitSignal(field.search_requested) as searched:
        qtbot.keyClick(field, Qt.Key.Key_Return)  # none chosen: Enter searches the text
    assert searched.args == ["keyword:e"]
    assert not field.completer.popup().isVisible()


def test_values_narrow_as_typed_and_keep_the_operator(qtbot, field: SearchField,
                                                      seeded) -> None:
    keyword = seeded.entries.facet_counts(Filter(), "keyword")[0][0]
    part = keyword[1:4].upper()
    qtbot.keyClicks(field, f"keyword:={part}")
    shown = field.completions()
    assert shown and all(s.startswith("keyword:=") and part.lower() in s.lower() for s in shown)
    wanted = f'keyword:={keyword}' if " " not in keyword else f'keyword:="{keyword}"'
    assert wanted in shown
    field.completer.activated.emit(wanted)
    assert field.text() == wanted + " "
    assert not field.completer.popup().isVisible()


def test_choosing_a_field_goes_on_to_its_values(qtbot, field: SearchField) -> None:
    qtbot.keyClicks(field, "stat")
    field.completer.activated.emit("status:")
    assert field.text() == "status:"
    assert field.completions() == ["status:approved", "status:new", "status:rejected",
                                   "status:reviewed"]


def test_an_invalid_query_is_marked_with_its_column_and_not_searched(qtbot,
                                                                     field: SearchField) -> None:
    asked: list[str] = []
    field.search_requested.connect(asked.append)
    qtbot.keyClicks(field, "relevancy:>>3")
    qtbot.waitUntil(lambda: field.error is not None, timeout=3000)
    assert asked == []
    assert field.error_label.isVisible()
    assert field.error_label.text() == (
        "Column 12: relevancy:> is followed by another comparison")
    assert "c62828" in field.styleSheet() and field.toolTip() == field.error_label.text()
    field.setText("relevancy:>3")
    with qtbot.waitSignal(field.search_requested, timeout=3000) as signal:
        pass
    assert signal.args == ["relevancy:>3"]
    assert field.error is None and not field.error_label.isVisible()
    assert field.styleSheet() == ""


def test_an_unknown_field_names_itself_and_the_known_ones(qtbot, field: SearchField) -> None:
    field.setText("colour:red")
    field.search_now()
    text = field.error_label.text()
    assert text.startswith("Column 1: unknown field colour:") and "keyword" in text


def test_the_list_keeps_its_last_valid_result(qtbot, window: MainWindow) -> None:
    _search(qtbot, window, "status:new")
    shown = window.model.rowCount()
    assert shown == window.library.entries.count(Filter(query="status:new"))
    window.search_field.setText('status:new title:"unclosed')
    window.search_field.search_now()
    assert window.search_field.error is not None
    assert window.search_field.error.column == 18
    assert window.search_field.error_label.isVisible()
    assert window.model.filter.query == "status:new"
    assert window.model.rowCount() == shown
    assert "Column 18: this quote is never closed" in window.search_field.error_label.text()


def test_field_terms_mean_what_they_say_in_the_list(qtbot, window: MainWindow) -> None:
    query = "relevancy:1..2 -technology:ai"
    _search(qtbot, window, query)
    expected = window.library.entries.ids(Filter(query=query))
    assert 0 < len(expected) < SAMPLE_COUNT
    assert [window.model.entry_id(r) for r in range(window.model.rowCount())] == expected
    assert window.library.entries.ids(Filter(search=query)) != expected  # not searched as words


def test_the_status_bar_tells_the_query_in_words(qtbot, window: MainWindow) -> None:
    _search(qtbot, window, "signal.relevancy:>=4 -status:approved")
    text = window.filter_label.text()
    assert text == "Showing some signal scored at least 4 and not status approved"
    assert describe("signal.relevancy:>=4 -status:approved") in text


def test_facets_combine_with_the_query(qtbot, window: MainWindow) -> None:
    _search(qtbot, window, "relevancy:>=4")
    window.sidebar.filter_changed.emit(window.model.filter.cycled("status", "new"))
    flt = window.model.filter
    assert flt.query == "relevancy:>=4" and flt.state("status", "new") == "include"
    both = set(window.library.entries.ids(Filter(query="relevancy:>=4 status:new")))
    assert {window.model.entry_id(r) for r in range(window.model.rowCount())} == both
    assert "status: new" in window.filter_label.text()
    assert window.search_field.text() == "relevancy:>=4"


def test_a_saved_view_keeps_the_query_and_shows_it_again(qtbot, window: MainWindow) -> None:
    query = "keyword:energy OR relevancy:5"
    _search(qtbot, window, query)
    window.sidebar._ask_view_name = lambda parent: "triage"
    window.sidebar.save_current_view()
    assert dict(window.library.saved_views.all())["triage"].query == query
    window.user_actions.clear_action.trigger()
    assert window.search_field.text() == "" and window.model.filter == Filter()
    qtbot.waitUntil(lambda: window.sidebar._find_item(("view", "views", "triage")) is not None,
                    timeout=3000)
    window.sidebar._on_triggered(window.sidebar._find_item(("view", "views", "triage")))
    assert window.model.filter.query == query
    assert window.search_field.text() == query
    assert window.model.rowCount() == window.library.entries.count(Filter(query=query))


def test_the_window_completes_values_of_its_library(qtbot, window: MainWindow) -> None:
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "category:")
    expected = [f"category:{v}" if " " not in v else f'category:"{v}"'
                for v in window.library.entries.field_values("category", "")]
    assert window.search_field.completions() == expected[:30] and expected


def test_the_entry_shown_marks_the_words_of_the_query(qtbot, window: MainWindow) -> None:
    _search(qtbot, window, "energy -status:rejected")
    qtbot.waitUntil(lambda: window.detail.entry is not None, timeout=3000)
    assert window.detail.search == "energy"


def test_help_search_syntax_lists_every_field_and_searches_an_example(
        qtbot, window: MainWindow) -> None:
    action = window.user_actions.search_help_action
    assert action in window.menuBar().actions()[-1].menu().actions()
    action.trigger()
    dialog = window.findChild(SearchHelpDialog)
    assert dialog is not None and dialog.isVisible()
    html = help_html()
    for name in FIELDS:
        assert f"{name}:" in html, name
    assert "other.KEY:" in html and "<script" not in html
    example = "keyword:=hydrogen OR theme:energy"
    assert example.replace('"', "&quot;") in html or example in html
    dialog.browser.anchorClicked.emit(QUrl("curator-query:" + example.replace(" ", "%20")
                                           .replace(":", "%3A").replace("=", "%3D")))
    assert window.search_field.text() == example
    assert window.model.filter.query == example
    action.trigger()  # raised, not opened twice
    assert len([d for d in window.findChildren(SearchHelpDialog) if d.isVisible()]) == 1


@pytest.fixture
def items_view(qtbot, seeded):
    widget = ItemsView(lambda key, value: True, lambda entry_id: None, lambda keys: None)
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.resize(1100, 700)
    widget.show()
    return widget


def test_the_items_filter_applies_item_terms_to_each_item(qtbot, items_view: ItemsView,
                                                          seeded) -> None:
    key = seeded.items.keys(ItemFilter(query="signal.relevancy:<5 imported:<5"))[0]
    seeded.edits.set_relevancy(*key, 5)
    query = "signal.relevancy:5 changed:yes"
    items_view.text_field.setText(query)
    items_view.text_field.search_now()
    assert items_view.model.filter.query == query
    expected = seeded.items.keys(ItemFilter(query=query))
    rows = items_view.model.rowCount()
    assert rows == len(expected) >= 1
    for row in range(rows):
        item = items_view.model.item_at(row)
        assert item.section == "signals" and item.relevancy == 5
        assert item.relevancy != item.relevancy_imported


def test_the_items_filter_says_where_a_query_is_wrong(qtbot, items_view: ItemsView) -> None:
    items_view.text_field.setText("signal.relevancy:9..")
    items_view.text_field.search_now()
    assert items_view.text_field.error_label.isVisible()
    assert items_view.text_field.error_label.text().startswith("Column 21:")
    assert items_view.model.filter.query == ""
    items_view.reset_filters()
    assert items_view.text_field.text() == "" and not items_view.text_field.error_label.isVisible()


def test_the_items_filter_completes_values(qtbot, items_view: ItemsView) -> None:
    items_view.text_field.setFocus()
    qtbot.keyClicks(items_view.text_field, "status:")
    assert items_view.text_field.completions()[0] == "status:approved"


def test_down_moves_in_the_completions_while_they_are_shown(qtbot, field: SearchField) -> None:
    left: list[bool] = []
    field.down_pressed.connect(lambda: left.append(True))
    qtbot.keyClicks(field, "heat sig")
    popup = field.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the shown popup has the keys
    assert popup.currentIndex().row() == 0 and left == []
    popup.hide()  # closed: Down goes on to the list
    with qtbot.waitSignal(field.down_pressed):
        qtbot.keyClick(field, Qt.Key.Key_Down)


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_PageDown])
def test_down_in_the_search_field_goes_to_the_list_at_its_row(qtbot, window: MainWindow,
                                                              key: Qt.Key) -> None:
    window.activateWindow()
    window.list_view.setCurrentIndex(window.model.index(3, 0))
    window.search_field.setFocus()
    qtbot.waitUntil(window.search_field.hasFocus)
    qtbot.keyClick(window.search_field, key)
    qtbot.waitUntil(window.list_view.hasFocus)
    assert window.list_view.currentIndex().row() == 3
    qtbot.keyClick(window.list_view, Qt.Key.Key_Down)  # and the keys go on in the list
    assert window.list_view.currentIndex().row() == 4
