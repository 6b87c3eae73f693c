"""The main window: opening libraries, dropping files, searching, filtering, settings, export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from curator.core.importer import import_paths
from curator.core.reader import read_seed
from curator.core.store import Filter, ItemFilter, Library
from curator.gui.browse import entry_list
from curator.gui.browse.entry_model import COLUMNS
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask
from tests.conftest import DATA, SEEDS

SAMPLE_COUNT = len(list(SEEDS.glob("*.txt")))


@pytest.fixture
def errors(monkeypatch) -> list[tuple[str, str]]:
    """Error dialogs, recorded instead of shown."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "show_error", lambda parent, title, text: shown.append((title, text)))
    return shown


@pytest.fixture
def make_window(qtbot, errors):
    windows: list[MainWindow] = []

    def make(path: Path | None = None) -> MainWindow:
        window = MainWindow(path)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    path = tmp_path / "samples.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    return path


def drop(window: MainWindow, paths: list[Path]) -> None:
    """A real drag-enter and drop of local files, as a file manager sends them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    position = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(position, Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def wait_for_report(qtbot, window: MainWindow):
    transfers = window.transfers
    qtbot.waitUntil(lambda: transfers.report_dialog is not None
                    and transfers.report_dialog.isVisible(), timeout=20000)
    return window.transfers.report_dialog


def test_empty_library_offers_import_and_samples(make_window, tmp_path) -> None:
    window = make_window(tmp_path / "empty.db")
    assert window.stack.currentWidget() is window.empty_state
    window.empty_state.samples_button.click()
    assert window.library.path.name == "sample-library.db"
    assert window.model.rowCount() == SAMPLE_COUNT
    assert window.stack.currentWidget() is window.list_view
    assert "sample-library.db" in window.windowTitle()


def test_dropping_files_and_a_folder_imports_them(qtbot, make_window, tmp_path) -> None:
    window = make_window(tmp_path / "lib.db")
    folder = tmp_path / "incoming" / "nested"
    folder.mkdir(parents=True)
    samples = sorted(SEEDS.glob("*.txt"))
    for sample in samples[:3]:
        shutil.copy(sample, folder / sample.name)
    single = samples[3]
    drop(window, [tmp_path / "incoming", single, DATA / "rejects" / "relevancy_six.txt"])
    report = wait_for_report(qtbot, window).report
    assert (report.imported, report.failed) == (4, 1)
    assert window.model.rowCount() == 4
    assert "4 of 4 entries" in window.count_label.text()


def test_report_offers_the_new_entries(qtbot, make_window, sample_db, tmp_path) -> None:
    window = make_window(sample_db)
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(DATA / "variants" / "no_page.txt", extra / "no_page.txt")
    window.transfers.import_paths([str(extra)])
    dialog = wait_for_report(qtbot, window)
    window.show_last_import(dialog.report.batch)
    assert window.model.rowCount() == 1
    assert window.model.filter.import_batch == dialog.report.batch


def test_conflicting_import_keeps_the_analysts_edit(qtbot, make_window, sample_db,
                                                    tmp_path) -> None:
    sample = sorted(SEEDS.glob("*.txt"))[0]
    entry_id = read_seed(sample.read_bytes(), sample.name).entry.id
    with Library(sample_db) as library:
        mine = library.entries.get(entry_id).model_copy(update={"summary": "Analyst's summary."})
        library.edits.save_entry(mine, library.entries.version(entry_id))
    changed = tmp_path / sample.name
    changed.write_text(sample.read_text(encoding="utf-8").replace(",", " (v2),", 1),
                       encoding="utf-8")
    window = make_window(sample_db)
    window.transfers.import_paths([str(changed)])
    report = wait_for_report(qtbot, window).report
    assert [c.entry_id for c in report.conflicts] == [entry_id]
    assert window.library.entries.get(entry_id).summary == "Analyst's summary."


@pytest.mark.parametrize("text", ['"', "*", "AND", "(", 'energy "solar', "title:", "NOT OR"])
def test_typing_any_search_never_raises(qtbot, make_window, sample_db, text) -> None:
    window = make_window(sample_db)
    field = window.search_field
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: window.model.filter.query == text or field.error is not None,
                    timeout=3000)
    if field.error is None:
        assert window.model.rowCount() == window.library.entries.count(Filter(query=text))
    else:  # a query the language cannot read says so and searches nothing
        assert window.model.filter == Filter() and window.model.rowCount() == SAMPLE_COUNT
        assert f"Column {field.error.column}" in field.error_label.text()


def test_search_filters_as_you_type(qtbot, make_window, sample_db) -> None:
    window = make_window(sample_db)
    qtbot.keyClicks(window.search_field, "energy")
    qtbot.waitUntil(lambda: window.model.filter.query == "energy", timeout=3000)
    expected = window.library.entries.count(Filter(query="energy"))
    assert 0 < window.model.rowCount() == expected < SAMPLE_COUNT
    assert f"{expected} of {SAMPLE_COUNT}" in window.count_label.text()
    assert "energy" in window.filter_label.text()


def test_facets_combine_with_search(qtbot, make_window, sample_db) -> None:
    window = make_window(sample_db)
    qtbot.keyClicks(window.search_field, "energy")
    qtbot.waitUntil(lambda: window.model.filter.query == "energy", timeout=3000)
    keyword = window.library.entries.facet_counts(window.model.filter, "keyword")[0][0]
    window.sidebar.filter_changed.emit(window.model.filter.cycled("keyword", keyword))
    flt = window.model.filter
    assert flt.query == "energy" and flt.state("keyword", keyword) == "include"
    expected = set(window.library.entries.ids(Filter(query="energy"))) & set(
        window.library.entries.ids(Filter(include=frozenset({("keyword", keyword)}))))
    shown = {window.model.entry_id(r) for r in range(window.model.rowCount())}
    assert shown == expected


def test_header_click_sorts(qtbot, make_window, sample_db) -> None:
    window = make_window(sample_db)
    column = [key for key, _ in COLUMNS].index("n_items")
    header = window.list_view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    key, descending = window.model.sort_key
    assert key == "n_items"
    values = [int(window.model.index(r, column).data()) for r in range(window.model.rowCount())]
    assert values == sorted(values, reverse=descending)


def test_selecting_a_row_shows_the_entry(make_window, sample_db) -> None:
    window = make_window(sample_db)
    window.list_view.setCurrentIndex(window.model.index(2, 0))
    entry_id = window.model.entry_id(2)
    assert window.list_view.current_entry_id() == entry_id
    assert window.detail.entry is not None and window.detail.entry.id == entry_id


def test_a_file_that_is_not_a_library_is_refused(make_window, errors, sample_db, tmp_path) -> None:
    window = make_window(sample_db)
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"plain text, not SQLite")
    assert not window.open_library(bogus)
    assert errors and "not an SQLite database" in errors[-1][1]
    assert bogus.read_bytes() == b"plain text, not SQLite"
    assert window.library.path == sample_db  # the open library stays


def test_read_only_library_says_so(make_window, errors, sample_db) -> None:
    sample_db.chmod(0o444)
    window = make_window(sample_db)
    assert window.library.read_only
    assert window.read_only_banner.isVisible()
    assert not window.user_actions.import_action.isEnabled()
    assert "read-only" in window.windowTitle()


def test_settings_persist_across_windows(make_window, sample_db, monkeypatch) -> None:
    monkeypatch.delenv("CURATOR_DB")  # else it names the library to open
    first = make_window(sample_db)
    first.resize(760, 540)  # within the offscreen screen, which restoreGeometry fits windows to
    header = first.list_view.horizontalHeader()
    hidden = [key for key, _ in COLUMNS].index("type")
    header.setSectionHidden(hidden, True)
    header.resizeSection(0, 333)
    first.splitter.setSizes([150, 350, 250])
    sizes = first.splitter.sizes()
    first.close()
    second = make_window()
    assert second.size() == first.size()
    assert second.library.path == sample_db
    assert second.list_view.horizontalHeader().isSectionHidden(hidden)
    assert second.list_view.horizontalHeader().sectionSize(0) == 333
    assert second.splitter.sizes() == sizes
    assert str(sample_db) in [a.text() for a in second.user_actions.recent_menu.actions()]


def test_export_of_the_filtered_set(qtbot, make_window, sample_db, tmp_path) -> None:
    window = make_window(sample_db)
    approved = window.library.entries.ids(Filter())[:3]
    window.library.edits.set_status(approved, "approved")
    window.refresh()
    window.set_filter(Filter(include=frozenset({("status", "approved")})))
    window.transfers.export()
    dialog = window.transfers.export_dialog
    assert dialog.isVisible() and dialog.scope_filter.isChecked()
    target = tmp_path / "approved.json"
    dialog.destination_edit.setText(str(target))
    assert dialog.count == len(approved)
    dialog.export_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in document["entries"]) == sorted(approved)


def test_export_only_approved_from_all(qtbot, make_window, sample_db, tmp_path) -> None:
    window = make_window(sample_db)
    approved = window.library.entries.ids(Filter())[-2:]
    window.library.edits.set_status(approved, "approved")
    window.transfers.export()
    dialog = window.transfers.export_dialog
    dialog.scope_all.setChecked(True)
    dialog.status_boxes["approved"].setChecked(True)
    target = tmp_path / "only-approved.json"
    dialog.destination_edit.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in document["entries"]) == sorted(approved)


def test_export_dialog_starts_where_the_last_export_went(qtbot, make_window, sample_db,
                                                        tmp_path) -> None:
    window = make_window(sample_db)
    window.transfers.export()
    dialog = window.transfers.export_dialog
    assert dialog._default_folder == sample_db.parent  # the first time: the library's folder
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog.destination_edit.setText(str(folder / "all.json"))
    dialog.export_button.click()
    qtbot.waitUntil((folder / "all.json").exists, timeout=20000)
    qtbot.waitUntil(lambda: window.transfers.export_task.worker_thread.isFinished(), timeout=20000)
    window.transfers.export()
    assert window.transfers.export_dialog._default_folder == folder


def test_redo_keys_are_not_ambiguous(make_window, sample_db) -> None:
    window = make_window(sample_db)
    keys = [k.toString() for k in window.user_actions.redo_action.shortcuts()]
    assert "Ctrl+Shift+Z" in keys and len(keys) == len(set(keys))
    every = [k.toString() for a in window.findChildren(type(window.user_actions.redo_action))
             for k in a.shortcuts() if a is not window.user_actions.redo_action]
    assert "Ctrl+Shift+Z" not in every


def test_environment_library_wins_over_the_last_one(make_window, sample_db, tmp_path,
                                                    monkeypatch) -> None:
    make_window(sample_db).close()  # remembered as the last library
    monkeypatch.setenv("CURATOR_DB", str(tmp_path / "from-env.db"))
    window = make_window()
    assert window.library.path == tmp_path / "from-env.db"


def test_tabs_are_built_when_first_shown_and_follow_the_filter(qtbot, make_window,
                                                                sample_db) -> None:
    window = make_window(sample_db)
    tabs = (window.items_tab, window.stats_tab, window.calibration_tab)
    assert not any(tab.built for tab in tabs)  # start-up builds none of them
    keyword = window.library.entries.facet_counts(Filter(), "keyword")[0][0]
    flt = Filter(include=frozenset({("keyword", keyword)}))
    window.set_filter(flt)
    window.user_actions.view_actions[1].trigger()  # Alt+2: the Items tab, built now
    assert window.items_tab.built and not window.stats_tab.built
    assert window.views.currentWidget() is window.items_tab
    assert window.reviewing.items_view.isVisible()
    assert window.reviewing.items_view.current_filter().entries == flt
    expected = window.library.items.count(window.reviewing.items_view.current_filter())
    assert window.reviewing.items_view.model.rowCount() == expected
    assert 0 < expected < window.library.items.count(ItemFilter())


def test_select_all_survives_a_bulk_change_and_counts_each_row_once(
        qtbot, make_window, sample_db, monkeypatch) -> None:
    monkeypatch.setattr(ask, "confirm", lambda *args: True)
    monkeypatch.setattr(entry_list, "MAX_KEPT_SELECTION", 2)  # as with a large library
    window = make_window(sample_db)
    selection = window.list_view.selectionModel()
    window.list_view.selectAll()
    window.list_view.selectRow(2)  # a row selected twice over is still one row
    selection.select(window.model.index(0, 0), selection.SelectionFlag.Select
                     | selection.SelectionFlag.Rows)
    window.list_view.selectAll()
    assert window.list_view.selected_count() == SAMPLE_COUNT
    assert sorted(window.list_view.selected_ids()) == sorted(window.library.entries.ids(Filter()))
    window.editing.set_status("approved")  # a bulk change: the list is read again
    assert window.list_view.selected_count() == SAMPLE_COUNT  # everything still selected
    # After what the change did (it ran without a question) and how to undo it.
    assert window.statusBar().currentMessage().endswith(f"Undo takes it back. {SAMPLE_COUNT} "
                                                        "selected")


def test_a_selection_too_large_to_keep_is_let_go_with_a_word(qtbot, make_window, sample_db,
                                                            monkeypatch) -> None:
    monkeypatch.setattr(entry_list, "MAX_KEPT_SELECTION", 2)
    monkeypatch.setattr(ask, "confirm", lambda *args: True)
    window = make_window(sample_db)
    for row in (0, 1, 2):
        window.list_view.selectionModel().select(
            window.model.index(row, 0), window.list_view.selectionModel().SelectionFlag.Select
            | window.list_view.selectionModel().SelectionFlag.Rows)
    assert window.list_view.selected_count() == 3
    window.editing.set_status("rejected")
    assert window.list_view.selected_count() <= 1
    assert "selection of 3 entries was cleared" in window.statusBar().currentMessage()


def test_deleting_an_entry_moves_to_the_one_in_its_place(qtbot, make_window, sample_db,
                                                         monkeypatch) -> None:
    monkeypatch.setattr(ask, "confirm", lambda *args: True)
    window = make_window(sample_db)
    window.list_view.setCurrentIndex(window.model.index(4, 0))
    following = window.model.entry_id(5)
    window.user_actions.delete_action.trigger()
    assert window.model.rowCount() == SAMPLE_COUNT - 1
    assert window.list_view.currentIndex().row() == 4
    assert window.list_view.current_entry_id() == following  # not back at the top of the list


def test_escape_clears_the_search_and_the_list_follows(qtbot, make_window, sample_db) -> None:
    window = make_window(sample_db)
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "energy")
    qtbot.waitUntil(lambda: window.model.filter.query == "energy", timeout=3000)
    assert window.model.rowCount() < SAMPLE_COUNT
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""
    qtbot.waitUntil(lambda: window.model.rowCount() == SAMPLE_COUNT, timeout=3000)


def test_a_bulk_change_shows_the_wait_cursor_while_it_runs(qtbot, make_window, sample_db,
                                                           monkeypatch) -> None:
    monkeypatch.setattr(ask, "confirm", lambda *args: True)
    window = make_window(sample_db)
    seen = []
    writing = window.library.edits.set_status

    def set_status(*args, **kwargs):
        seen.append(QApplication.overrideCursor() and QApplication.overrideCursor().shape())
        return writing(*args, **kwargs)

    monkeypatch.setattr(window.library.edits, "set_status", set_status)
    window.list_view.selectAll()
    window.editing.set_status("approved")
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None  # restored after


def test_the_columns_menu_lists_every_column_as_the_header_has_it(qtbot, make_window,
                                                                  sample_db) -> None:
    window = make_window(sample_db)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    columns = next(a.menu() for a in view_menu.actions() if a.text() == "Columns")
    window.list_view.horizontalHeader().setSectionHidden(1, True)
    columns.aboutToShow.emit()
    shown = [(a.text(), a.isChecked()) for a in columns.actions()]
    assert shown == [(title, column != 1) for column, (_, title) in enumerate(COLUMNS)]


def test_show_last_import_from_the_menu_lists_that_import(qtbot, make_window, sample_db) -> None:
    window = make_window(sample_db)
    batch = window.library.imports.last()
    window.user_actions.last_import_action.trigger()
    assert window.model.filter.import_batch == batch is not None
    assert window.model.rowCount() == window.library.entries.count(Filter(import_batch=batch)) > 0
