"""The edit view: every section edits the entry, problems are marked where they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit

from curator.core.model import Entry, Status
from curator.core.reader import read_seed
from curator.gui.edit import EditView
from curator.gui.edit.delegates import RelevancyEditor
from curator.gui.edit.grid_model import GridModel, GridRow
from curator.gui.edit.item_model import IMPORTED_VALUE_ROLE, ItemModel
from curator.gui.edit.marks import ERROR_ROLE, TAB_MARK, WARNING_ROLE
from tests.conftest import DATA, SEEDS

COOL_ROOFS = "87f8408c2c65ef91"  # seeds/001: signals scored 5, 4, 3, 3; six keywords
HOSTILE = "<b>bold</b> & <img src=x onerror=alert(1)>"

RELEVANCY_RULE = "Relevancy must be a whole number from 1 to 5"


def read(path: Path) -> Entry:
    return read_seed(path.read_bytes(), path.name).entry


def seed_entry() -> Entry:
    return read(next(SEEDS.glob("001_*.txt")))


@pytest.fixture
def view(qtbot) -> EditView:
    widget = EditView()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.load(seed_entry(), 3)
    widget.show()
    return widget


def tab_text(view: EditView, tab) -> str:  # noqa: ANN001
    return view.tabs.tabText(view.tabs.indexOf(tab))


def signals(view: EditView) -> ItemModel:
    return view.items["signals"].model


def relevancy(view: EditView, row: int) -> QModelIndex:
    model = signals(view)
    return model.index(row, model.relevancy_column)


def click(qtbot, grid, index: QModelIndex) -> None:  # noqa: ANN001
    """Click a cell, as the analyst does: it becomes current and the only one selected."""
    grid.scrollTo(index)
    rect = grid.visualRect(index)  # the right end: the left of a relevancy cell has pips
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.right() - 4, rect.center().y()))
    assert grid.currentIndex() == index


def assert_blocked(qtbot, view: EditView) -> None:  # noqa: ANN001
    """Nothing invalid can be saved: Save is off, and neither it nor Ctrl+S emits."""
    assert view.current_entry() is None
    assert not view.header.save_button.isEnabled()
    with qtbot.assertNotEmitted(view.save_requested):
        assert view.save() is False
        view.header.save_button.click()
        qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


# --- loading, saving, dirty ------------------------------------------------------------


def test_loaded_entry_is_clean_and_valid(view: EditView) -> None:
    entry = seed_entry()
    assert view.entry_id == COOL_ROOFS and view.version == 3
    assert view.current_entry() == entry
    assert view.errors() == {}
    assert not view.is_dirty()
    assert not view.header.save_button.isEnabled()
    assert not view.header.revert_button.isEnabled()
    assert view.header.close_button.text() == "Done"
    assert all(TAB_MARK not in view.tabs.tabText(i) for i in range(view.tabs.count()))


def test_an_empty_view_offers_nothing(qtbot) -> None:
    widget = EditView()
    qtbot.addWidget(widget)
    assert widget.entry_id is None and widget.current_entry() is None and widget.errors() == {}
    assert not widget.tabs.isEnabled() and not widget.header.save_button.isEnabled()
    assert widget.save() is False


def test_save_emits_the_entry_and_the_loaded_version(qtbot, view: EditView) -> None:
    view.general.title_edit.setText("Cool roofs everywhere")
    qtbot.waitUntil(view.header.save_button.isEnabled, timeout=2000)  # after the check
    # With unsaved changes the buttons say which drops them and which leaves (asking first).
    assert view.header.close_button.text() == "Done"
    assert view.header.revert_button.text() == "Discard changes"
    assert "asked about unsaved changes" in view.header.close_button.toolTip()
    with qtbot.waitSignal(view.save_requested) as blocker:
        view.header.save_button.click()
    entry, version = blocker.args
    assert isinstance(entry, Entry) and entry.title == "Cool roofs everywhere" and version == 3


def test_ctrl_s_saves(qtbot, view: EditView) -> None:
    view.general.title_edit.setText("Saved by keyboard")
    view.general.title_edit.setFocus()
    with qtbot.waitSignal(view.save_requested) as blocker:
        qtbot.keyClick(view.general.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].title == "Saved by keyboard"


def test_cancel_asks_to_close(qtbot, view: EditView) -> None:
    with qtbot.waitSignal(view.close_requested):
        view.header.close_button.click()


def test_dirty_tracking_and_revert(qtbot, view: EditView) -> None:
    entry = seed_entry()
    with qtbot.waitSignal(view.dirty_changed, check_params_cb=lambda dirty: dirty):
        view.general.notes_edit.setPlainText("Check the Seville figures.")
    assert view.is_dirty() and view.header.revert_button.isEnabled()
    signals(view).setData(relevancy(view, 0), 2)
    view.terms.editors["keywords"].model.remove([0])
    with qtbot.waitSignal(view.dirty_changed, check_params_cb=lambda dirty: not dirty):
        view.header.revert_button.click()
    assert not view.is_dirty()
    assert view.current_entry() == entry
    assert view.general.notes_edit.toPlainText() == ""
    assert relevancy(view, 0).data(Qt.ItemDataRole.EditRole) == 5


def test_undoing_a_change_by_hand_is_clean_again(view: EditView) -> None:
    view.general.title_edit.setText("Something else")
    assert view.is_dirty()
    view.general.title_edit.setText(seed_entry().title)
    assert not view.is_dirty()


def test_checks_run_shortly_after_a_change(qtbot, view: EditView) -> None:
    view.general.title_edit.setText("")
    qtbot.waitUntil(lambda: TAB_MARK in tab_text(view, view.general), timeout=2000)
    assert view.header.state.text() == "1 problem to fix"


def test_what_no_tab_shows_is_kept(seeded, qtbot) -> None:
    entry = seeded.entries.get(COOL_ROOFS)
    widget = EditView()
    qtbot.addWidget(widget)
    widget.load(entry, seeded.entries.version(COOL_ROOFS))
    signals(widget).setData(relevancy(widget, 0), 1)
    signals(widget).move(0, 1)
    edited = widget.current_entry()
    assert edited.source == entry.source and edited.updated_at == entry.updated_at
    assert edited.signals[1].relevancy == 1 and edited.signals[1].relevancy_imported == 5
    assert edited.signals[1].reviewed == entry.signals[0].reviewed
    change = seeded.edits.save_entry(edited, widget.version)
    assert seeded.entries.get(COOL_ROOFS).signals[1].relevancy == 1
    assert change.version == widget.version + 1


# --- General ---------------------------------------------------------------------------


def test_general_fields(view: EditView) -> None:
    general = view.general
    general.title_edit.setText("Cool roofs, new rules")
    general.page_edit.setText("20240101")
    general.url_edit.setText("https://example.org/roofs")
    general.status_combo.setCurrentIndex(general.status_combo.findData("approved"))
    general.notes_edit.setPlainText("First line\n\nSecond paragraph")
    entry = view.current_entry()
    assert entry.title == "Cool roofs, new rules"
    assert entry.page == "20240101"
    assert entry.url == "https://example.org/roofs"
    assert entry.status is Status.APPROVED
    assert entry.notes == "First line\n\nSecond paragraph"
    assert view.header.title.text() == "Cool roofs, new rules"
    general.page_edit.setText("  ")
    general.url_edit.setText("")
    assert view.current_entry().page is None and view.current_entry().url is None


def test_pasted_line_breaks_in_a_field_become_spaces(view: EditView) -> None:
    view.general.title_edit.clear()
    view.general.title_edit.insert("Cool roofs\r\nin Seville")
    assert view.general.title_edit.text() == "Cool roofs in Seville"
    assert view.current_entry().title == "Cool roofs in Seville"


def test_other_add_rename_remove(qtbot, view: EditView) -> None:
    other = view.general.other
    row = other.model.add_row()
    other.model.setData(other.model.index(row, 0), "Region")
    other.model.setData(other.model.index(row, 1), "Southern Europe")
    other.model.setData(other.model.index(0, 0), "Field")  # rename Category
    assert view.current_entry().other == {"Field": "environment", "Type": "news article",
                                          "Region": "Southern Europe"}
    click(qtbot, other.grid, other.model.index(1, 0))
    other.remove()
    assert view.current_entry().other == {"Field": "environment", "Region": "Southern Europe"}


def test_other_problems_are_marked_in_their_cells(qtbot, view: EditView) -> None:
    model = view.general.other.model
    model.setData(model.index(1, 0), "Category")  # the same key twice
    assert view.errors() == {
        "other.1.key": "Key 'Category' is already used above; keys must differ"}
    assert model.index(1, 0).data(ERROR_ROLE)
    model.setData(model.index(1, 0), "Kind: of")
    assert view.errors() == {"other.1.key": "Other key 'Kind: of' must not contain ':'"}
    model.setData(model.index(1, 0), "")
    assert view.errors() == {"other.1.key": "Key must not be empty"}
    assert TAB_MARK in tab_text(view, view.general)
    assert view.general.other.message.isVisible()
    assert view.general.other.message.text() == "Pair 2: key must not be empty"
    assert_blocked(qtbot, view)


def test_empty_title_is_marked(qtbot, view: EditView) -> None:
    view.general.title_edit.setText("   ")
    assert view.errors() == {"title": "Title must not be empty"}
    assert view.general.title_edit.property("invalid") is True
    message = view.general.messages["title"]
    assert message.isVisible() and message.text() == "Title must not be empty"
    assert message.textFormat() == Qt.TextFormat.PlainText
    assert TAB_MARK in tab_text(view, view.general)
    assert view.header.title.text() == "Untitled entry"
    assert_blocked(qtbot, view)


def test_ftp_url_is_marked(qtbot, view: EditView) -> None:
    view.general.url_edit.setText("ftp://x")
    assert view.errors() == {"url": "Link must start with http:// or https://"}
    assert view.general.url_edit.property("invalid") is True
    assert view.general.messages["url"].text() == "Link must start with http:// or https://"
    assert view.general.title_edit.property("invalid") is not True
    assert TAB_MARK in tab_text(view, view.general)
    assert_blocked(qtbot, view)
    view.general.url_edit.setText("https://x.org")
    assert view.errors() == {} and view.general.url_edit.property("invalid") is False
    assert not view.general.messages["url"].isVisible()
    assert TAB_MARK not in tab_text(view, view.general)


def test_a_link_without_its_scheme_is_offered_https(qtbot, view: EditView) -> None:
    fix = view.general.url_fix
    view.general.url_edit.setText("example.com/x")
    assert view.errors() == {"url": "Link must start with http:// or https://"}
    assert fix.isVisible() and fix.text() == "Use https://example.com/x"
    assert view.general.url_edit.text() == "example.com/x"  # offered, not changed silently
    fix.click()
    assert view.general.url_edit.text() == "https://example.com/x"
    assert view.errors() == {} and not fix.isVisible()
    view.general.url_edit.setText("ftp://x")  # a scheme of its own: nothing to offer
    assert not fix.isVisible()


# --- Keywords and Themes ---------------------------------------------------------------


def test_keyword_added_by_typing(qtbot, view: EditView) -> None:
    editor = view.terms.editors["keywords"]
    view.tabs.setCurrentWidget(view.terms)
    editor.add_action.trigger()
    index = editor.grid.currentIndex()
    assert index.row() == 6
    cell = editor.grid.indexWidget(index)
    assert isinstance(cell, QPlainTextEdit)
    qtbot.keyClicks(cell, "albedo")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert view.current_entry().keywords[-1] == "albedo"


def test_keywords_remove_and_reorder(qtbot, view: EditView) -> None:
    editor = view.terms.editors["keywords"]
    view.tabs.setCurrentWidget(view.terms)
    keywords = list(seed_entry().keywords)
    editor.grid.setFocus()
    click(qtbot, editor.grid, editor.model.index(0, 0))
    qtbot.keyClick(editor.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.current_entry().keywords == [keywords[1], keywords[0], *keywords[2:]]
    assert editor.grid.currentIndex().row() == 1
    editor.up_action.trigger()
    assert view.current_entry().keywords == keywords
    click(qtbot, editor.grid, editor.model.index(2, 0))
    qtbot.keyClick(editor.grid, Qt.Key.Key_Delete)
    assert view.current_entry().keywords == keywords[:2] + keywords[3:]
    editor.model.setData(editor.model.index(0, 0), "passive cooling")
    assert view.current_entry().keywords[0] == "passive cooling"


def test_theme_edit(view: EditView) -> None:
    model = view.terms.editors["themes"].model
    model.setData(model.index(0, 0), "climate adaptation")
    assert view.current_entry().themes[0] == "climate adaptation"


def test_empty_keyword_is_marked(qtbot, view: EditView) -> None:
    model = view.terms.editors["keywords"].model
    model.setData(model.index(0, 0), "")
    assert view.errors() == {"keywords.0": "Keyword must not be empty"}
    assert model.index(0, 0).data(ERROR_ROLE) == "Keyword must not be empty"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.headerData(0, Qt.Orientation.Vertical) == "⚠ 1"
    assert view.terms.editors["keywords"].message.text() == "Keyword 1 must not be empty"
    assert TAB_MARK in tab_text(view, view.terms)
    assert TAB_MARK not in tab_text(view, view.general)
    assert_blocked(qtbot, view)


def test_duplicate_keyword_warns_but_saves(view: EditView) -> None:
    model = view.terms.editors["keywords"].model
    view.tabs.setCurrentWidget(view.terms)
    model.setData(model.index(1, 0), "COOL Roofs")
    assert view.errors() == {}
    assert view.current_entry() is not None
    warning = view.terms.warnings["keywords"]
    assert warning.isVisible() and "“COOL Roofs”" in warning.text()
    assert model.index(1, 0).data(WARNING_ROLE)
    assert model.index(0, 0).data(WARNING_ROLE) is None
    assert TAB_MARK not in tab_text(view, view.terms)
    model.setData(model.index(1, 0), "roof coatings")
    view.errors()
    assert not warning.isVisible() and model.index(1, 0).data(WARNING_ROLE) is None


# --- Summary ---------------------------------------------------------------------------


def test_summary_paragraphs(view: EditView) -> None:
    view.summary.editor.setPlainText("First paragraph.\n\nSecond paragraph,\nstill second.\n\n")
    assert view.current_entry().summary == "First paragraph.\n\nSecond paragraph,\nstill second."


def test_summary_problem_is_marked(qtbot, view: EditView) -> None:
    view.tabs.setCurrentWidget(view.summary)
    view.summary.editor.setPlainText("Intro\nKeywords\nmore")
    assert view.errors() == {"summary": "Summary line 'Keywords' would read back as a "
                                           "section name; change or remove that line"}
    assert view.summary.editor.property("invalid") is True
    assert view.summary.message.isVisible()
    assert TAB_MARK in tab_text(view, view.summary)
    assert_blocked(qtbot, view)


# --- the scored sections ---------------------------------------------------------------


def test_signal_added_inserted_removed_moved(qtbot, view: EditView) -> None:
    tab = view.items["signals"]
    model, editor = tab.model, tab.editor
    names = [s.name for s in seed_entry().signals]
    view.tabs.setCurrentWidget(tab)

    row = model.add_row()
    model.setData(model.index(row, 0), "Roof sensors")
    model.setData(model.index(row, model.relevancy_column), 2)
    assert [s.name for s in view.current_entry().signals] == [*names, "Roof sensors"]
    added = view.current_entry().signals[-1]
    assert added.relevancy == 2 and added.relevancy_imported is None

    click(qtbot, editor.grid, model.index(1, 0))
    editor.insert_action.trigger()
    cell = editor.grid.indexWidget(model.index(1, 0))
    qtbot.keyClicks(cell, "Inserted")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    model.setData(model.index(1, model.relevancy_column), 4)
    assert [s.name for s in view.current_entry().signals] == [
        names[0], "Inserted", *names[1:], "Roof sensors"]

    editor.grid.setFocus()
    click(qtbot, editor.grid, model.index(0, 2))
    qtbot.keyClick(editor.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [s.name for s in view.current_entry().signals][:2] == ["Inserted", names[0]]
    assert editor.grid.currentIndex().row() == 1 and editor.grid.currentIndex().column() == 2

    click(qtbot, editor.grid, model.index(0, 0))
    qtbot.keyClick(editor.grid, Qt.Key.Key_Delete)
    assert [s.name for s in view.current_entry().signals] == [*names, "Roof sensors"]
    # Moved items keep what the grid does not show.
    assert view.current_entry().signals[0].relevancy_imported == 5


def test_relevancy_set_by_pressing_a_digit(qtbot, view: EditView) -> None:
    tab = view.items["signals"]
    view.tabs.setCurrentWidget(tab)
    tab.editor.grid.setFocus()
    click(qtbot, tab.editor.grid, relevancy(view, 2))
    qtbot.keyClick(tab.editor.grid, Qt.Key.Key_4)
    assert view.current_entry().signals[2].relevancy == 4
    assert tab.editor.grid.state() != QAbstractItemView.State.EditingState
    # The imported value stays visible beside the changed one.
    assert relevancy(view, 2).data() == "4 (was 3)"
    assert relevancy(view, 2).data(IMPORTED_VALUE_ROLE) == 3
    assert "imported as 3" in relevancy(view, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert relevancy(view, 1).data() == "4"  # unchanged: nothing beside it
    qtbot.keyClick(tab.editor.grid, Qt.Key.Key_9)  # not a score: opens the editor instead
    assert view.current_entry() is not None


def test_relevancy_by_clicking_a_pip(qtbot, view: EditView) -> None:
    tab = view.items["signals"]
    view.tabs.setCurrentWidget(tab)
    grid = tab.editor.grid
    rect = grid.visualRect(relevancy(view, 0))
    delegate = grid.relevancy_delegate
    x = rect.left() + delegate.MARGIN + 1 * (delegate.PIP + delegate.GAP) + delegate.PIP // 2
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, rect.top() + 8))
    assert view.current_entry().signals[0].relevancy == 2


@pytest.mark.parametrize(("value", "message"), [
    (0, RELEVANCY_RULE),
    (6, RELEVANCY_RULE),
    ("", RELEVANCY_RULE),
])
def test_invalid_relevancy_is_marked(qtbot, view: EditView, value, message) -> None:  # noqa: ANN001
    signals(view).setData(relevancy(view, 2), value)
    assert view.errors() == {"signals.2.relevancy": message}
    assert relevancy(view, 2).data(ERROR_ROLE) == message
    assert relevancy(view, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert message in relevancy(view, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert relevancy(view, 1).data(ERROR_ROLE) is None
    assert view.items["signals"].editor.message.text() == (
        "Signal 3: relevancy must be a whole number from 1 to 5")
    assert tab_text(view, view.items["signals"]) == "Signals" + TAB_MARK
    assert TAB_MARK not in tab_text(view, view.items["concerns"])
    assert_blocked(qtbot, view)


def test_a_refused_relevancy_key_says_why(qtbot, view: EditView) -> None:
    tab = view.items["signals"]
    view.tabs.setCurrentWidget(tab)
    grid = tab.editor.grid
    before = view.current_entry().signals[0].relevancy
    click(qtbot, grid, relevancy(view, 0))
    qtbot.keyClick(grid, Qt.Key.Key_7)
    assert grid.refusal == "Relevancy must be a whole number from 1 to 5, not '7'"
    assert grid.state() != QAbstractItemView.State.EditingState  # no editor to swallow it
    assert view.current_entry().signals[0].relevancy == before and view.errors() == {}


def test_the_relevancy_editor_says_why_it_refuses(qtbot, view: EditView) -> None:
    tab = view.items["signals"]
    view.tabs.setCurrentWidget(tab)
    grid = tab.editor.grid
    before = view.current_entry().signals[0].relevancy
    click(qtbot, grid, relevancy(view, 0))
    grid.edit(relevancy(view, 0))
    editor = grid.findChild(RelevancyEditor)
    assert editor is not None and editor.refusal == ""
    qtbot.keyClicks(editor, "9")
    assert editor.refusal == "Relevancy must be a whole number from 1 to 5, not '9'"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.current_entry().signals[0].relevancy == before


def test_a_new_item_needs_a_relevancy(view: EditView) -> None:
    model = view.items["concerns"].model
    row = model.add_row()
    assert view.errors() == {f"concerns.{row}.relevancy": RELEVANCY_RULE}
    model.setData(model.index(row, model.relevancy_column), "3")
    assert view.errors() == {} and view.current_entry().concerns[row].relevancy == 3


def test_text_relevancy_is_not_coerced(view: EditView) -> None:
    signals(view).setData(relevancy(view, 0), "four")
    assert view.errors() == {"signals.0.relevancy": RELEVANCY_RULE}


def test_line_breaks_in_a_cell_become_spaces(qtbot, view: EditView) -> None:
    model = signals(view)
    model.setData(model.index(0, 2), "Codes now\nrequire\r\nwhite roofs")
    assert view.current_entry().signals[0].description == "Codes now require white roofs"
    grid = view.items["signals"].editor.grid
    view.tabs.setCurrentWidget(view.items["signals"])
    grid.setCurrentIndex(model.index(1, 0))
    grid.edit(model.index(1, 0))
    cell = grid.indexWidget(model.index(1, 0))
    cell.setPlainText("Heat as\na metric")
    qtbot.keyClick(cell, Qt.Key.Key_Enter)  # Enter commits rather than adding a line
    assert view.current_entry().signals[1].name == "Heat as a metric"


def test_commit_on_save_takes_the_open_editor(qtbot, view: EditView) -> None:
    model = signals(view)
    grid = view.items["signals"].editor.grid
    view.tabs.setCurrentWidget(view.items["signals"])
    grid.setCurrentIndex(model.index(0, 0))
    grid.edit(model.index(0, 0))
    grid.indexWidget(model.index(0, 0)).setPlainText("Typed, not yet committed")
    with qtbot.waitSignal(view.save_requested) as blocker:
        assert view.save()
    assert blocker.args[0].signals[0].name == "Typed, not yet committed"


def test_extra_columns_are_shown_and_edited(qtbot) -> None:
    entry = read(DATA / "variants" / "unknown_columns.txt")
    widget = EditView()
    qtbot.addWidget(widget)
    widget.load(entry, 1)
    model = widget.items["signals"].model
    assert model.extra_columns == ["confidence"]
    column = model.headers.index("confidence")
    before = entry.signals[0].extra["confidence"]
    assert model.index(0, column).data() == before
    model.setData(model.index(0, column), "low")
    edited = widget.current_entry()
    assert edited.signals[0].extra == {"confidence": "low"}
    assert edited.signals[1].extra == entry.signals[1].extra
    model.setData(model.index(0, column), "| piped")
    assert widget.errors() == {"signals.0.extra.confidence": "Confidence must not start with '|'"}
    assert model.index(0, column).data(ERROR_ROLE) == "Confidence must not start with '|'"


def test_extra_sections_are_editable_tables(qtbot) -> None:
    entry = read(DATA / "variants" / "unknown_section.txt")
    widget = EditView()
    qtbot.addWidget(widget)
    widget.load(entry, 1)
    assert widget.tabs.indexOf(widget.extra) >= 0
    bullets, table = widget.extra.editors
    table.model.setData(table.model.index(0, 1), "Lead agency")
    edited = widget.current_entry()
    assert edited.extra_sections[1].rows[0][1] == "Lead agency"
    assert edited.extra_sections[0] == entry.extra_sections[0]
    bullets.model.setData(bullets.model.index(1, 0), "")
    empty = "A list item must not be empty; remove it or fill it in"
    assert widget.errors() == {"extra_sections.0": empty}
    assert bullets.model.index(1, 0).data(ERROR_ROLE) == empty
    assert TAB_MARK in tab_text(widget, widget.extra)
    widget.load(seed_entry(), 1)
    assert widget.tabs.indexOf(widget.extra) < 0


# --- read-only, plain text -------------------------------------------------------------


def test_read_only_disables_editing(qtbot, view: EditView) -> None:
    view.set_read_only(True)
    general = view.general
    assert general.title_edit.isReadOnly() and general.notes_edit.isReadOnly()
    assert not general.status_combo.isEnabled()
    assert view.summary.editor.isReadOnly()
    tab = view.items["signals"]
    assert not tab.editor.add_action.isEnabled() and not tab.editor.remove_action.isEnabled()
    assert not relevancy(view, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert tab.editor.grid.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not signals(view).setData(relevancy(view, 0), 1)
    view.tabs.setCurrentWidget(tab)
    tab.editor.grid.setFocus()
    click(qtbot, tab.editor.grid, relevancy(view, 0))
    qtbot.keyClick(tab.editor.grid, Qt.Key.Key_1)
    assert not view.terms.editors["keywords"].model.insertRows(0, 1)
    assert not view.is_dirty()
    assert not view.header.save_button.isEnabled() and not view.header.revert_button.isEnabled()
    assert "Read-only" in view.header.state.text()
    view.set_read_only(False)
    assert relevancy(view, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert not general.title_edit.isReadOnly()


def test_entry_text_stays_plain(qtbot, view: EditView) -> None:
    view.general.title_edit.setText(HOSTILE)
    assert view.header.title.textFormat() == Qt.TextFormat.PlainText
    model = signals(view)
    model.setData(model.index(0, 2), HOSTILE * 2)
    tip = model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>bold" not in tip and "&lt;b&gt;bold" in tip
    model.setData(model.index(0, 2), "|" + HOSTILE)
    tip = model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert view.errors() == {"signals.0.description": "Description must not start with '|'"}
    assert "&lt;img" in tip and "<img" not in tip


# --- the models ------------------------------------------------------------------------


def test_item_model_passes_qt_checks(qtmodeltester) -> None:
    entry = read(DATA / "variants" / "unknown_columns.txt")
    model = ItemModel("signals", entry.signals)
    qtmodeltester.check(model)
    model.set_marks({(0, model.relevancy_column): "bad", (1, -1): "row"}, {(1, 0): "twice"})
    model.setData(model.index(0, model.relevancy_column), 9)
    model.add_row(1)
    model.move(0, 1)
    model.move(2, -1)
    model.remove([0])
    qtmodeltester.check(model)
    model.load(entry.signals)
    qtmodeltester.check(model)


@pytest.mark.parametrize("headers", [["Keyword"], ["Key", "Value"], ["name", "role"]])
def test_grid_model_passes_qt_checks(qtmodeltester, headers) -> None:  # noqa: ANN001
    model = GridModel(headers, [[f"{h} {n}" for h in headers] for n in range(3)])
    qtmodeltester.check(model)
    model.set_marks({(1, 0): "bad"}, {(2, 0): "twice"})
    model.add_row()
    model.move(3, -2)
    model.remove([0, 2])
    qtmodeltester.check(model)
    model.reset_rows([GridRow(["x"] * len(headers))])
    qtmodeltester.check(model)


def test_grid_model_moves_rows_with_their_marks() -> None:
    model = GridModel(["Keyword"], [["a"], ["b"], ["c"]])
    model.set_marks({(0, 0): "bad"})
    assert model.move(0, 1) == 1
    assert [row.cells[0] for row in model.rows] == ["b", "a", "c"]
    assert model.index(1, 0).data(ERROR_ROLE) == "bad"
    assert model.move(2, 1) == 2  # already last
    assert model.move(0, -1) == 0  # already first
