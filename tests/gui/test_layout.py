"""The window fits the task and the screen: the entry pane's place per tab, the edit view's
width, the first size on small and scaled screens, and colours that follow the palette."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

from curator.core.importer import import_paths
from curator.core.store import Library
from curator.gui.shell.layout import PanePlace, fit_to_screen
from curator.gui.shell.main_window import MainWindow
from curator.gui.shell.palette import dark_palette, use_palette
from curator.gui.widgets import ask
from curator.gui.widgets.highlight import highlight_colours
from tests.conftest import REPO, SEEDS

from .window_fit import cut_controls, cut_tabs, narrow_columns, settle

SCREENS = {
    "1366x768": (1366, 768, "1"),
    "150% of 1920x1080": (1920, 1080, "1.5"),
}


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    path = tmp_path / "samples.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    return path


@pytest.fixture
def make_window(qtbot, monkeypatch):
    monkeypatch.setattr(ask, "show_error", lambda *args: None)
    monkeypatch.setattr(ask, "unsaved_changes", lambda *args: "discard")  # on closing
    windows: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        window = MainWindow(path)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_every_tab_and_the_edit_view_fit_the_screen(screen, sample_db, tmp_path) -> None:
    """A first start on the screen (its own Qt, in a subprocess): the window opens within
    the screen, and in every tab and the edit view every control is on it and shows its
    text, every tab of a tab bar shows, and every text column is wider than its first word."""
    width, height, scale = SCREENS[screen]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "screen", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": scale}
    run = subprocess.run(
        [sys.executable, "-m", "tests.gui.window_fit", str(sample_db), str(tmp_path / "qt2")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "fits"


def test_the_entry_pane_follows_the_entries_tab_and_each_tab_keeps_its_place(
        make_window, sample_db) -> None:
    window = make_window(sample_db)
    layout, pane = window.pane_layout, window.right_tabs
    assert pane.isVisible() and pane.parentWidget() is layout.beside
    window.show_view(1)  # Items: its table needs the width
    assert not pane.isVisible()
    assert layout.place_actions[PanePlace.HIDDEN].isChecked()
    layout.place_actions[PanePlace.BELOW].trigger()
    assert pane.isVisible() and pane.parentWidget() is layout.below
    assert not layout.beside.isVisible()
    assert pane.mapTo(window, pane.rect().topLeft()).y() > window.items_tab.mapTo(
        window, window.items_tab.rect().bottomLeft()).y()  # below the table, not beside it
    window.show_view(3)  # Calibration keeps its own place
    assert not pane.isVisible()
    window.show_view(0)
    assert pane.isVisible() and pane.parentWidget() is layout.beside
    window.close()

    again = make_window(sample_db)
    again.show_view(1)
    assert again.right_tabs.parentWidget() is again.pane_layout.below
    assert again.right_tabs.isVisible()
    again.show_view(2)
    assert not again.right_tabs.isVisible()


def test_the_pane_control_and_the_view_menu_hold_the_same_choices(make_window,
                                                                 sample_db) -> None:
    window = make_window(sample_db)
    layout = window.pane_layout
    assert layout.pane_button.menu() is layout.menu
    assert layout.view_button.menu() is layout.menu
    assert layout.menu.menuAction() in window.user_actions.view_menu.actions()
    layout.place_actions[PanePlace.HIDDEN].trigger()  # from the pane, on the Entries tab
    assert not window.right_tabs.isVisible()
    assert QSettings().value("layout/pane/Entries") == "hidden"


def test_editing_takes_the_work_area_and_gives_it_back(make_window, sample_db) -> None:
    window = make_window(sample_db)
    window.resize(1366, 728)
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    settle()
    before = window.splitter.sizes()
    window.editing.edit_current()
    settle()
    # The list stays to move through, in the facets' place; the editor takes the rest.
    sidebar, center, editor = window.splitter.sizes()
    assert sidebar == 0 and 0.25 * window.width() < center < editor
    assert editor > 0.7 * window.width()
    assert window.editor.isVisible() and window.list_view.isVisible()
    assert window.list_view.current_entry_id() == window.editor.entry_id  # shown where it is
    assert not cut_controls(window) and not narrow_columns(window) and not cut_tabs(window)
    window.pane_layout.list_action.trigger()  # the list not kept: the editor takes its width
    settle()
    sidebar, center, editor = window.splitter.sizes()
    assert center == 0 and editor > 0.75 * window.width()
    assert not cut_controls(window) and not narrow_columns(window)
    window.editing.leave_edit()
    settle()
    assert window.splitter.sizes() == before
    assert not QSettings().value("layout/list_while_editing", type=bool)


def test_editing_from_a_tab_without_the_pane_shows_it_for_the_edit(make_window,
                                                                   sample_db) -> None:
    window = make_window(sample_db)
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.show_view(1)
    assert not window.right_tabs.isVisible()
    window.editing.edit_current()  # Ctrl+E from the Items tab
    assert window.editor.isVisible()
    window.editing.leave_edit()
    assert not window.right_tabs.isVisible()
    assert window.pane_layout.place() is PanePlace.HIDDEN  # the edit did not change it


def test_review_mode_and_its_end_keep_the_tab_s_place(make_window, sample_db) -> None:
    window = make_window(sample_db)
    window.show_view(1)
    window.reviewing.review_filter()
    assert window.review.isVisible() and not window.right_tabs.isVisible()
    window.review.finished.emit()
    assert window.items_tab.isVisible()
    assert not window.right_tabs.isVisible()  # hidden in Items, as before the review
    window.show_view(0)
    assert window.right_tabs.isVisible()


@pytest.mark.parametrize("size", [(1366, 728), (1280, 680)])
def test_the_items_filter_bar_keeps_its_words_beside_the_pane(make_window, sample_db,
                                                              size) -> None:
    """With the pane beside it, the Items tab is narrow: its filter bar wraps rather than
    cut its controls' text ("All sectic", "Any scor")."""
    window = make_window(sample_db)
    window.resize(*size)
    window.show_view(1)
    window.pane_layout.set_place(PanePlace.BESIDE)
    sidebar, center, pane = window.splitter.sizes()
    window.splitter.setSizes([sidebar, 420, center + pane - 420])  # the pane widened
    settle()
    assert window.splitter.sizes()[1] == 420
    items = window.reviewing.items_view
    assert items.section_combo.isVisible() and items.reset_button.isVisible()
    assert cut_controls(window) == []


def test_a_remembered_geometry_is_fitted_to_the_screen(qtbot) -> None:
    area = QApplication.primaryScreen().availableGeometry()
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(area.right() + 500, area.bottom() + 400, area.width() + 900,
                    area.height() + 700)
    geometry = big.saveGeometry()
    window = QMainWindow()
    qtbot.addWidget(window)
    fit_to_screen(window, geometry)
    assert area.contains(window.geometry())
    fresh = QMainWindow()
    qtbot.addWidget(fresh)
    fit_to_screen(fresh)  # no geometry: the default size, within the screen
    assert area.contains(fresh.geometry())
    assert fresh.width() < area.width() and fresh.height() < area.height()


def test_the_read_only_banner_and_the_search_highlight_follow_the_palette(
        make_window, sample_db) -> None:
    app = QApplication.instance()
    light_marker = highlight_colours()
    window = make_window(sample_db)
    banner = window.read_only_banner
    use_palette(app, dark_palette())
    settle()  # widgets hear of a new palette by an event
    try:
        dark = dark_palette()
        assert banner.autoFillBackground()
        assert (banner.palette().color(banner.backgroundRole())
                == dark.color(QPalette.ColorRole.ToolTipBase))
        background, foreground = highlight_colours()
        assert background != light_marker[0]
        assert background.lightness() < 128 < foreground.lightness()  # a dark marker
    finally:
        use_palette(app, None)
    assert highlight_colours() == light_marker


def test_the_current_row_of_an_edit_grid_shows_its_whole_text(make_window, sample_db) -> None:
    """Cells show a few lines; the row being worked on grows to show its cells' whole text
    (wrapped between words), and goes back when the analyst moves on."""
    window = make_window(sample_db)
    window.resize(1366, 728)
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.editing.edit_current()
    tab = window.editor.items["signals"]
    window.editor.tabs.setCurrentWidget(tab)
    grid, model = tab.editor.grid, tab.model
    description = next(c for c in range(model.columnCount())
                       if model.headerData(c, Qt.Orientation.Horizontal) == "Description")
    long_text = " ".join(["Coastal towns pool their storm-defence budgets"] * 12)
    model.setData(model.index(0, description), long_text)
    grid.setCurrentIndex(model.index(1, 0))
    settle()
    line = grid.fontMetrics().lineSpacing()
    few = grid.rowHeight(0)
    assert few <= 5 * line  # a few lines of it
    grid.setCurrentIndex(model.index(0, description))
    settle()
    assert grid.rowHeight(0) > 2 * few  # the whole text
    grid.setCurrentIndex(model.index(1, 0))
    settle()
    assert grid.rowHeight(0) == few


def _items_of_other_entries(window):
    """The list's first entry made current, the Items tab shown, and its rows of other
    entries than that one."""
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    first = window.list_view.current_entry_id()
    window.show_view(1)
    items = window.reviewing.items_view
    rows = [row for row in range(items.model.rowCount())
            if items.model.row_key(row).entry_id != first]
    return first, items, rows


def test_the_pane_below_the_items_shows_the_current_item_s_entry(make_window,
                                                                 sample_db) -> None:
    window = make_window(sample_db)
    first, items, rows = _items_of_other_entries(window)
    other, another = rows[0], rows[-1]
    items.table.setCurrentIndex(items.model.index(another, 0))  # the pane hidden: no move
    assert window.list_view.current_entry_id() == first
    window.pane_layout.set_place(PanePlace.BELOW)
    items.table.setCurrentIndex(items.model.index(other, 0))
    entry_id = items.model.row_key(other).entry_id
    assert window.list_view.current_entry_id() == entry_id
    title = window.library.entries.get(entry_id).title
    assert title in window.detail.title_label.text()
    window.editing.edit_current()  # Edit opens the entry shown
    assert window.editor.entry_id == entry_id


def test_the_pane_shown_later_or_on_coming_back_shows_the_current_item_s_entry(
        qtbot, make_window, sample_db) -> None:
    window = make_window(sample_db)
    first, items, rows = _items_of_other_entries(window)
    items.table.setFocus()
    items.table.setCurrentIndex(items.model.index(rows[-1], 0))  # the pane hidden
    window.pane_layout.set_place(PanePlace.BESIDE)  # shown now: the item's entry, not the list's
    entry_id = items.model.row_key(rows[-1]).entry_id
    assert window.list_view.current_entry_id() == entry_id
    assert window.library.entries.get(entry_id).title in window.detail.title_label.text()
    window.show_view(0)  # another entry chosen in the list, then back to the Items tab
    window.list_view.setCurrentIndex(window.model.index(window.model.row_of(first), 0))
    window.show_view(1)
    assert window.list_view.current_entry_id() == entry_id
    assert window.library.entries.get(entry_id).title in window.detail.title_label.text()
    assert window.focusWidget() is items.table  # keys still score the items
