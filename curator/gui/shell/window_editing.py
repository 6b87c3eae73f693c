"""The main window's editing actions: the edit view, undo, history, bulk changes and delete.

A mixin of MainWindow: it uses the window's library, views and undo stack.
"""

from __future__ import annotations

from ...core.errors import CuratorError, VersionConflict
from ...core.model import Entry
from ...core.operations import revert_change, with_term, without_term
from ...core.store import ItemFilter
from ..operations import DeleteCommand, SaveEntryCommand, StatusCommand, TermsCommand
from ..widgets import ask
from ..widgets.busy import busy


class EditingActions:
    def _editing(self) -> bool:
        return self.entry_stack.currentWidget() is self.editor

    def edit_current(self) -> None:
        """Open the current entry in the edit view (Ctrl+E, Enter, double-click, Edit)."""
        entry_id = self.current_entry_id()
        if self.library is None or self.library.read_only or entry_id is None:
            return
        self.right_tabs.setCurrentWidget(self.entry_stack)
        if self._editing() and self.editor.entry_id == entry_id:
            return
        if not self.leave_edit():
            return
        try:
            entry = self.library.get_entry(entry_id)
        except CuratorError as error:
            ask.show_error(self, "Cannot edit", str(error))
            return
        self.editor.load(entry, self.library.version(entry_id))
        self.entry_stack.setCurrentWidget(self.editor)
        self.editor.general.title_edit.setFocus()

    def leave_edit(self) -> bool:
        """Close the edit view, asking first about unsaved changes; False means stay."""
        if not self._editing():
            return True
        if self.editor.is_dirty():
            entry = self.editor.current_entry()
            answer = ask.unsaved_changes(self, entry.title if entry else "This entry")
            if answer == "cancel":
                return False
            if answer == "save":
                if entry is None:
                    ask.show_error(self, "Cannot save", "The entry has errors, marked in the "
                                   "form. Correct them, or discard the changes.")
                    return False
                if not self._save(entry, self.editor.version):
                    return False
        self.entry_stack.setCurrentWidget(self.detail)
        self._show_entry(self.current_entry_id())
        return True

    def close_edit(self) -> None:
        self.leave_edit()

    def save_edit(self, entry: Entry, version: int) -> None:
        self._save(entry, version)

    def _save(self, entry: Entry, version: int) -> bool:
        """Save through the core; a save over someone else's newer version asks first."""
        if self.library is None:
            return False
        try:
            change = self.library.save_entry(entry, version)
        except VersionConflict:
            choice = ask.version_conflict(self, entry.title)
            if choice == "reload":
                self.editor.load(self.library.get_entry(entry.id), self.library.version(entry.id))
                self._after_change([entry.id])
            elif choice == "overwrite":
                return self._save(entry, self.library.version(entry.id))
            return False
        except CuratorError as error:
            ask.show_error(self, "Cannot save", str(error))
            return False
        saved = self.library.get_entry(entry.id)
        if change.fields:
            self.undo_stack.push(SaveEntryCommand(self.library, change.before[0], saved,
                                                  change.version, self._changed, self._failed))
        self.editor.load(saved, change.version)
        self._after_change([entry.id])
        return True

    def revert_history(self, history_pk: int) -> None:
        if self.library is None or not self.leave_edit():
            return
        row = self.library.history_row(history_pk)
        if row is None:
            return
        before = self.library.get_entry(row.entry_id)
        try:
            change = revert_change(self.library, history_pk)
        except CuratorError as error:
            ask.show_error(self, "Cannot revert", str(error))
            return
        if change.fields:
            self.undo_stack.push(SaveEntryCommand(
                self.library, before, self.library.get_entry(row.entry_id), change.version,
                self._changed, self._failed))
        self._after_change([row.entry_id])

    def _target_ids(self) -> list[str]:
        selected = self.selected_ids()
        current = self.current_entry_id()
        return selected or ([current] if current else [])

    def set_status(self, status: str) -> None:
        ids = self._target_ids()
        if self.library is None or not ids or not self.leave_edit():
            return
        old = {i: s for i, s in self.library.statuses(ids).items() if s != status}
        if not old:
            self.statusBar().showMessage(f"Already {status}.", 4000)
            return
        if len(old) > 1 and not ask.confirm(
                self, "Set status", f"Set the status of {len(old):,} entries to {status}?",
                "Set status"):
            return
        with busy():  # 100,000 entries take seconds
            self.library.set_status(list(old), status, by="bulk" if len(old) > 1 else "edit")
            self.undo_stack.push(StatusCommand(self.library, old, status, self._changed,
                                               self._failed))
            self._after_change(list(old))

    def change_terms(self, facet: str, *, add: bool) -> None:
        ids = self._target_ids()
        if self.library is None or not ids or not self.leave_edit():
            return
        noun = "keyword" if facet == "keyword" else "theme"
        verb = "Add" if add else "Remove"
        value = ask.text(self, f"{verb} {noun}", f"{verb} which {noun}?")
        if value is None:
            return
        before = self.library.terms(facet, ids)
        change = with_term if add else without_term
        after = {i: change(terms, value) for i, terms in before.items()}
        after = {i: terms for i, terms in after.items() if terms != before[i]}
        if not after:
            self.statusBar().showMessage(f"No entry needed that {noun} change.", 4000)
            return
        preposition = "to" if add else "from"
        text = f"{verb.lower()} {noun} “{value}” {preposition} {len(after):,} entries"
        if len(after) > 1 and not ask.confirm(self, f"{verb} {noun}", text[0].upper() + text[1:]
                                              + "?", verb):
            return
        with busy():
            self.library.set_terms(facet, after, by="bulk")
            self.undo_stack.push(TermsCommand(self.library, text, facet,
                                              {i: before[i] for i in after}, after,
                                              self._changed, self._failed))
            self._after_change(list(after))

    def delete_selected(self) -> None:
        ids = self._target_ids()
        if self.library is None or not ids or not self.leave_edit():
            return
        what = "this entry" if len(ids) == 1 else f"{len(ids):,} entries"
        if not ask.confirm(self, "Delete", f"Delete {what}? Edit → Undo brings "
                           f"{'it' if len(ids) == 1 else 'them'} back.", "Delete"):
            return
        with busy():
            removed = self.library.delete_entries(ids)
            if removed:
                self.undo_stack.push(DeleteCommand(self.library, removed, self._changed,
                                                   self._failed))
            self._after_change(ids)

    def _changed(self, entry_ids: list[str]) -> None:
        """After an undo or redo: the same refresh as after the action itself."""
        self._after_change(entry_ids)

    def _failed(self, message: str) -> None:
        ask.show_error(self, "Undo", message)

    def _after_change(self, entry_ids: list[str]) -> None:
        self.refresh()
        if self.calibration_tab.built and self.library is not None:
            keys = self.calibration_view.keys_in(entry_ids)
            if keys:
                rows = self.library.item_page(ItemFilter(keys=keys), limit=len(keys))
                self.calibration_view.show_scores({row.key: row.relevancy for row in rows})
        if (self._editing() and self.editor.entry_id in entry_ids
                and not self.editor.is_dirty() and self.library is not None):
            if self.library.has(self.editor.entry_id):
                entry_id = self.editor.entry_id
                self.editor.load(self.library.get_entry(entry_id), self.library.version(entry_id))
            else:
                self.entry_stack.setCurrentWidget(self.detail)
        self._show_history()
