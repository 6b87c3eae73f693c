"""The entry pane's controller: the current entry shown or edited, its history, and the actions
that change the current or selected entries (save, revert, status, terms, delete)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from ...core import operations as ops
from ...core.errors import CuratorError, VersionConflict
from ...core.model import SECTIONS, Entry
from ...core.operations import Change, Touched
from ...core.query import searched_words
from ...core.store import Library
from ..browse.entry_list import EntryListView
from ..browse.entry_model import EntryTableModel
from ..operations import Operations
from ..widgets import ask
from . import selecting
from .actions import WindowActions
from .panes import EntryPane

SAID_MS = 5000
"""How long the status bar says that a save went through."""


class EditingController:
    """Shows the list's current entry in the entry pane, edits it, and runs the edit actions
    on the selected entries (or the current one) through `ops`."""

    def __init__(self, parent: QWidget, library: Callable[[], Library | None], ops: Operations,
                 *, pane: EntryPane, list_view: EntryListView, model: EntryTableModel,
                 status_bar: QStatusBar, actions: WindowActions) -> None:
        self._parent = parent
        self._library = library
        self._ops = ops
        self._pane = pane
        self._list = list_view
        self._model = model
        self._status_bar = status_bar
        self._actions = actions
        # The detail view's tables: their menus, and what they copy (wired here, beside
        # what they do, as the window's `_connect` has no line left to spare).
        detail = pane.detail
        detail.edit_section_requested.connect(lambda _, section: self.edit_section(section))
        detail.table_menu_requested.connect(self._table_menu)
        detail.rows_copied.connect(lambda count: status_bar.showMessage(
            f"Copied {_rows(count)}, with a header row (paste into a spreadsheet) and as JSON.",
            SAID_MS))

    # -- what the pane shows ----------------------------------------------------------

    def editing(self) -> bool:
        return self._pane.entry_stack.currentWidget() is self._pane.editor

    def set_read_only(self, read_only: bool) -> None:
        self._pane.editor.set_read_only(read_only)
        self._pane.detail.editable = not read_only
        self._pane.history.read_only = read_only

    def show_entry(self, entry_id: str | None) -> None:
        """Show an entry (None: none) in the detail view, unless an edit is on."""
        for _ in self.show_in_parts(entry_id):
            pass

    def show_in_parts(self, entry_id: str | None) -> Iterator[None]:
        """`show_entry` a part at a time, as the detail view lays it out (for app start)."""
        entry, library = None, self._library()
        if entry_id and library is not None:
            try:
                entry = library.entries.get(entry_id)
            except CuratorError:
                entry = None  # deleted meanwhile by another program: show nothing
        if not self.editing():
            flt = self._model.filter
            yield from self._pane.detail.show_in_parts(
                entry, f"{flt.search} {searched_words(flt.query)}".strip())
        self.show_history()

    def show_history(self) -> None:
        pane, library = self._pane, self._library()
        entry_id = pane.editor.entry_id if self.editing() else self._list.current_entry_id()
        if pane.currentWidget() is not pane.history:
            return  # read only when looked at
        rows = library.entries.history(entry_id) if entry_id and library else []
        pane.history.show_history(rows)

    def follow(self, entry_id: str) -> None:
        """An entry chosen in another view (the Items tab's current item): while the pane
        shows beside or below that view, the entry becomes the list's current one, so the
        pane shows it and Edit opens it; an open edit stays."""
        if self._pane.isVisible() and not self.editing():
            self._list.select_quietly(entry_id)

    def current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        """The list's current row moved: show its entry, or keep the edit open."""
        entry_id = self._model.entry_id(current.row()) if current.isValid() else None
        editor = self._pane.editor
        if self.editing():
            if self._list.reselecting or entry_id == editor.entry_id:
                return  # the list moved under the edit (a filter, a refresh): keep editing
            if not self.leave_edit():
                self._list.select_quietly(editor.entry_id)
                return
        self.show_entry(entry_id)

    def after_change(self, change: Change, list_changed: bool) -> None:
        """After an action, an undo or a redo: what the pane shows of the entries it touched.
        Called after the list was read again, if the change showed in it (`list_changed`)."""
        library = self._library()
        if library is None:
            return
        ids, editor = set(change.entry_ids), self._pane.editor
        current = self._list.current_entry_id()
        # A change the list shows resets it, which shows the current entry anew.
        if not list_changed and current in ids and not self.editing():
            self.show_entry(current)
        if self.editing() and editor.entry_id in ids and not editor.is_dirty():
            if library.entries.has(editor.entry_id):
                entry_id = editor.entry_id
                editor.load(library.entries.get(entry_id), library.entries.version(entry_id))
            else:
                self._pane.entry_stack.setCurrentWidget(self._pane.detail)
        shown = editor.entry_id if self.editing() else current
        if shown in ids or change.touches(Touched.ENTRIES):
            self.show_history()

    # -- the edit view ----------------------------------------------------------------

    def edit_current(self) -> None:
        """Open the current entry in the edit view (Ctrl+E, Enter, double-click, Edit)."""
        entry_id, library, pane = self._list.current_entry_id(), self._library(), self._pane
        if library is None or library.read_only or entry_id is None:
            return
        pane.setCurrentWidget(pane.entry_stack)
        if self.editing() and pane.editor.entry_id == entry_id:
            return
        if not self.leave_edit():
            return
        try:
            entry = library.entries.get(entry_id)
        except CuratorError as error:
            ask.show_error(self._parent, "Cannot edit", str(error))
            return
        pane.editor.load(entry, library.entries.version(entry_id))
        pane.entry_stack.setCurrentWidget(pane.editor)
        pane.editor.general.title_edit.setFocus()

    def edit_section(self, section: str) -> None:
        """Open the current entry in the edit view at a section's tab (a detail table's
        menu): one of the five, or an extra section's own name (the More tab)."""
        self.edit_current()
        if not self.editing():
            return
        editor = self._pane.editor
        tab = editor.items[section] if section in SECTIONS else editor.extra
        if editor.tabs.indexOf(tab) >= 0:
            editor.tabs.setCurrentWidget(tab)
            if section in SECTIONS:
                editor.items[section].editor.grid.setFocus()

    def _table_menu(self, menu: QMenu, position: QPoint) -> None:
        """A detail table's menu: its Copy and Edit this section, then the menu bar's own
        actions on the entry (they act on the list's selection, as from the menu bar)."""
        acts = self._actions
        menu.addAction(acts.edit_action)
        menu.addSeparator()
        menu.addMenu("Set &status").addActions(acts.status_actions)
        menu.addActions([acts.add_keyword_action, acts.remove_keyword_action,
                         acts.add_theme_action, acts.remove_theme_action])
        menu.addSeparator()
        menu.addAction(acts.delete_action)
        selecting.show_menu(menu, position)

    def leave_edit(self) -> bool:
        """Close the edit view, asking first about unsaved changes; False means stay."""
        if not self.editing():
            return True
        editor = self._pane.editor
        if editor.is_dirty():
            entry = editor.current_entry()
            answer = ask.unsaved_changes(self._parent, entry.title if entry else "This entry")
            if answer == "cancel":
                return False
            if answer == "save":
                if entry is None:
                    ask.show_error(self._parent, "Cannot save", "The entry has errors, marked "
                                   "in the form. Correct them, or discard the changes.")
                    return False
                if not self._save(entry, editor.version):
                    return False
        self._pane.entry_stack.setCurrentWidget(self._pane.detail)
        self.show_entry(self._list.current_entry_id())
        if self._list.isVisible():  # on to the next entry by keyboard, as before the edit
            self._list.setFocus()
        return True

    def close_edit(self) -> None:
        self.leave_edit()

    def save_edit(self, entry: Entry, version: int) -> None:
        self._save(entry, version)

    def _save(self, entry: Entry, version: int) -> bool:
        """Save through the core; a save over someone else's newer version asks first.

        Not `ops.run`: a version conflict is a question to the analyst, not a refusal."""
        library, editor = self._library(), self._pane.editor
        if library is None:
            return False
        try:
            change = ops.save_entry(library, entry, version)
        except VersionConflict:
            choice = ask.version_conflict(self._parent, entry.title)
            if choice == "reload":
                editor.load(library.entries.get(entry.id), library.entries.version(entry.id))
                self._ops.done(Change((entry.id,), Touched.CONTENT))  # nothing to undo
            elif choice == "overwrite":
                return self._save(entry, library.entries.version(entry.id))
            return False
        except CuratorError as error:
            ask.show_error(self._parent, "Cannot save", str(error))
            return False
        assert change.version is not None
        editor.load(library.entries.get(entry.id), change.version)
        self._ops.done(change)
        # Said after the refresh `done` runs, which may clear the status bar (a selection).
        self._status_bar.showMessage(f"Saved “{entry.title}”.", SAID_MS)
        return True

    def revert_history(self, history_pk: int) -> None:
        if self._library() is None or not self.leave_edit():
            return
        self._ops.run("Cannot revert", ops.revert_change, history_pk)

    # -- actions on the selected entries ----------------------------------------------

    def target_ids(self) -> list[str]:
        """The selected entries, else the current one."""
        selected = self._list.selected_ids()
        current = self._list.current_entry_id()
        return selected or ([current] if current else [])

    def set_status(self, status: str) -> None:
        ids, library = self.target_ids(), self._library()
        if library is None or not ids or not self.leave_edit():
            return
        # Counted for the question only; the operation reads the old statuses itself.
        count = sum(1 for s in library.edits.statuses(ids).values() if s != status)
        if not count:
            self._status_bar.showMessage(f"Already {status}.", 4000)
            return
        if count > ask.CONFIRM_ABOVE and not ask.confirm(
                self._parent, "Set status", f"Set the status of {count:,} entries to {status}? "
                "Edit → Undo takes it back.", "Set status"):
            return
        if self._ops.run("Cannot set the status", ops.set_status, ids, status) is not None:
            self._say_done(f"Set the status of {_entries(count)} to {status}.")

    def change_terms(self, facet: str, *, add: bool) -> None:
        ids, library = self.target_ids(), self._library()
        if library is None or not ids or not self.leave_edit():
            return
        noun = "keyword" if facet == "keyword" else "theme"
        verb = "Add" if add else "Remove"
        value = ask.text(self._parent, f"{verb} {noun}", f"{verb} which {noun}?")
        if value is None:
            return
        # Counted for the question only; the operation reads the old terms itself.
        edit = ops.with_term if add else ops.without_term
        count = sum(1 for terms in library.edits.terms(facet, ids).values()
                    if edit(terms, value) != terms)
        if not count:
            self._status_bar.showMessage(f"No entry needed that {noun} change.", 4000)
            return
        preposition = "to" if add else "from"
        text = f"{verb} {noun} “{value}” {preposition} {count:,} entries?"
        if count > ask.CONFIRM_ABOVE and not ask.confirm(self._parent, f"{verb} {noun}", text,
                                                         verb):
            return
        if self._ops.run(f"Cannot {verb.lower()} the {noun}", ops.change_terms, facet, ids,
                         value, add=add) is not None:
            self._say_done(f"{'Added' if add else 'Removed'} {noun} “{value}” {preposition} "
                           f"{_entries(count)}.")

    def delete_selected(self) -> None:
        ids = self.target_ids()
        if self._library() is None or not ids or not self.leave_edit():
            return
        # Undoable: a few entries go at once (the status bar says how to bring them back).
        if len(ids) > ask.CONFIRM_ABOVE and not ask.confirm(
                self._parent, "Delete", f"Delete {len(ids):,} entries? Edit → Undo brings them "
                "back.", "Delete"):
            return
        if self._ops.run("Cannot delete", ops.delete_entries, ids) is not None:
            self._say_done(f"Deleted {_entries(len(ids))}.")

    def _say_done(self, text: str) -> None:
        """What a change did and how to take it back (it may have run without a question),
        before what the list said meanwhile (a selection let go), which stays in view."""
        said = self._status_bar.currentMessage()
        self._status_bar.showMessage(f"{text} Edit → Undo takes it back. {said}".strip(), 10000)


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count:,} rows"
