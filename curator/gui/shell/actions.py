"""The main window's actions and menus: each action's text, shortcut and tip, and its place in
the menu bar. What an action does is connected by the window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from ...core.vocabulary import Status
from ..browse.entry_list import EntryListView

SHORTCUT_NAME = "shortcutName"
"""An action's property naming it in the shortcut list (about.py), where its text changes."""


class WindowActions:
    """Every action of the window's menus, made as the window's children (so the shortcut list
    finds them) and placed in its menu bar."""

    def __init__(self, window: QMainWindow, undo_stack: QUndoStack, list_view: EntryListView,
                 views: Sequence[str]) -> None:
        self._window = window
        self._build_actions(undo_stack, list_view, views)
        self._build_menus(list_view)

    def _action(self, text: str,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        self._window.addAction(action)
        return action

    def _build_actions(self, undo_stack: QUndoStack, list_view: EntryListView,
                       views: Sequence[str]) -> None:
        keys, act = QKeySequence.StandardKey, self._action
        self.new_action = act("&New library…", keys.New)
        self.open_action = act("&Open library…", keys.Open)
        self.samples_action = act("Open the &sample library")
        self.import_action = act("&Import files…", "Ctrl+I", "Import seed files and JSON exports")
        self.import_folder_action = act("Import &folder…", "Ctrl+Shift+I")
        self.export_action = act("&Export…", "Ctrl+Shift+E",
                                 "Export to JSON, seed text, spreadsheets or a report")
        self.print_action = act("&Print report…", keys.Print)
        self.preview_action = act("Print pre&view…")
        self.quit_action = act("&Quit", keys.Quit)
        self.find_action = act("&Find", keys.Find)
        self.clear_action = act("&Clear search and filters", "Ctrl+Shift+L")
        self.last_import_action = act("Show &last import")
        self.refresh_action = act("&Refresh", keys.Refresh)
        self.undo_action = undo_stack.createUndoAction(self._window, "&Undo")
        self.undo_action.setShortcut(QKeySequence(keys.Undo))
        self.redo_action = undo_stack.createRedoAction(self._window, "&Redo")
        # Their menu text names the step ("Undo Set status"); the shortcut list names the key.
        self.undo_action.setProperty(SHORTCUT_NAME, "Undo")
        self.redo_action.setProperty(SHORTCUT_NAME, "Redo")
        # The platform's Redo keys may include Ctrl+Shift+Z already: each key once, or Qt
        # finds the shortcut ambiguous and ignores it.
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(keys.Redo)]
        self.redo_action.setShortcuts(list({k.toString(): k for k in redo_keys}.values()))
        self._window.addActions([self.undo_action, self.redo_action])
        self.copy_action = act("&Copy", keys.Copy, "Copy the selected entries or items, as "
                               "text with a header row (for a spreadsheet) and as JSON")
        # Copy belongs to the lists: in a text field Ctrl+C must still copy the text.
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        list_view.addAction(self.copy_action)
        self._window.removeAction(self.copy_action)
        self.export_selected_action = act("Export the selected entries…",
                                          tip="Export the selected entries only")
        self.edit_action = act("&Edit entry", "Ctrl+E", "Edit the current entry")
        self.status_actions = [act(f"Set status: {status.value}", f"Ctrl+{number}")
                               for number, status in enumerate(Status, start=1)]
        """In the order of Status."""
        self.add_keyword_action = act("Add &keyword…")
        self.remove_keyword_action = act("Remove k&eyword…")
        self.add_theme_action = act("Add &theme…")
        self.remove_theme_action = act("Remove t&heme…")
        self.delete_action = act("&Delete entries…", keys.Delete,
                                 "Delete the selected entries (undoable)")
        # Delete belongs to the list: in a text field it must still delete characters.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        list_view.addAction(self.delete_action)
        self._window.removeAction(self.delete_action)
        self.review_filter_action = act("Review the items of the &current filter", "Ctrl+R",
                                        "One item at a time, scored by keyboard")
        self.review_selected_action = act("Review the items of the &selected entries",
                                          "Ctrl+Shift+R")
        # The Items tab's own: its table takes the keys (Enter, 1–5) itself, so the menu
        # only names them (the text after a tab is shown as the shortcut).
        self.open_item_action = act("&Open its entry\tEnter")
        self.item_score_actions = [act(f"Relevancy {value}\t{value}") for value in range(1, 6)]
        """Relevancy 1 to 5, in order."""
        self.review_items_action = act("Review the selected &items")
        self.view_actions = [act(f"Show {name}", f"Alt+{index + 1}")
                             for index, name in enumerate(views)]
        """In the order of the main views' tabs."""
        self.shortcuts_action = act("&Keyboard shortcuts", keys.HelpContents)
        self.search_help_action = act("&Search syntax", tip="The fields, operators and "
                                      "examples of the search language")
        self.about_action = act("&About Curator")
        self.changing_actions = [
            self.review_filter_action, self.review_selected_action, self.edit_action,
            *self.status_actions, self.add_keyword_action, self.remove_keyword_action,
            self.add_theme_action, self.remove_theme_action, self.delete_action,
            *self.item_score_actions, self.review_items_action]
        """Disabled over a read-only library (as are the two import actions)."""

    def set_read_only(self, read_only: bool) -> None:
        """Disable what would change a read-only library."""
        for action in (self.import_action, self.import_folder_action, *self.changing_actions):
            action.setEnabled(not read_only)

    def _build_menus(self, list_view: EntryListView) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = QMenu("Recent libraries", self._window)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.samples_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_folder_action, self.export_action,
                              self.export_selected_action])
        file_menu.addSeparator()
        file_menu.addActions([self.print_action, self.preview_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.copy_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.edit_action)
        status_menu = edit_menu.addMenu("Set &status")
        status_menu.addActions(self.status_actions)
        edit_menu.addActions([self.add_keyword_action, self.remove_keyword_action,
                              self.add_theme_action, self.remove_theme_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        review_menu = bar.addMenu("&Review")
        review_menu.addActions([self.review_filter_action, self.review_selected_action])
        view_menu = self.view_menu = bar.addMenu("&View")
        view_menu.addActions(self.view_actions)
        view_menu.addSeparator()
        view_menu.addActions([self.find_action, self.clear_action, self.last_import_action,
                              self.refresh_action])
        columns = view_menu.addMenu("Columns")

        def fill_columns() -> None:  # anew each time: columns are hidden from the header too
            columns.clear()
            columns.addActions(list_view.column_menu().actions())

        columns.aboutToShow.connect(fill_columns)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.search_help_action,
                              self.about_action])

    # -- right-click menus: the menu bar's own actions, so keys and enabled states agree ------

    def entry_menu(self, parent: QWidget) -> QMenu:
        """What the menus offer for the selected entries."""
        menu = QMenu(parent)
        menu.addActions([self.edit_action, self.copy_action])
        menu.addSeparator()
        status_menu = menu.addMenu("Set &status")
        status_menu.addActions(self.status_actions)
        menu.addActions([self.add_keyword_action, self.remove_keyword_action,
                         self.add_theme_action, self.remove_theme_action])
        menu.addSeparator()
        menu.addActions([self.export_selected_action, self.review_selected_action])
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def item_menu(self, parent: QWidget) -> QMenu:
        """What the menus and the Items tab's keys offer for the selected items."""
        menu = QMenu(parent)
        menu.addActions([self.open_item_action, self.copy_action])
        menu.addSeparator()
        score_menu = menu.addMenu("Set &relevancy")
        score_menu.addActions(self.item_score_actions)
        menu.addSeparator()
        menu.addActions([self.review_items_action, self.review_filter_action])
        return menu
