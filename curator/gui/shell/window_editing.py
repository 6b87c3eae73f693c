"""The main window's editing actions: the edit view, undo, history, bulk changes and delete.

A mixin of MainWindow: it uses the window's library, views and undo stack.
"""

from __future__ import annotations

from ...core import operations as ops
from ...core.errors import CuratorError, VersionConflict
from ...core.model import Entry
from ...core.operations import Change, Touched
from ...core.store import Filter, ItemFilter
from ..widgets import ask


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
            entry = self.library.entries.get(entry_id)
        except CuratorError as error:
            ask.show_error(self, "Cannot edit", str(error))
            return
        self.editor.load(entry, self.library.entries.version(entry_id))
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
            change = ops.save_entry(self.library, entry, version)
        except VersionConflict:
            choice = ask.version_conflict(self, entry.title)
            if choice == "reload":
                entries = self.library.entries
                self.editor.load(entries.get(entry.id), entries.version(entry.id))
                self._after_change(Change((entry.id,), Touched.CONTENT))
            elif choice == "overwrite":
                return self._save(entry, self.library.entries.version(entry.id))
            return False
        except CuratorError as error:
            ask.show_error(self, "Cannot save", str(error))
            return False
        assert change.version is not None
        self.editor.load(self.library.entries.get(entry.id), change.version)
        self.ops.done(change)
        return True

    def revert_history(self, history_pk: int) -> None:
        if self.library is None or not self.leave_edit():
            return
        self.ops.run("Cannot revert", ops.revert_change, history_pk)

    def _target_ids(self) -> list[str]:
        selected = self.selected_ids()
        current = self.current_entry_id()
        return selected or ([current] if current else [])

    def set_status(self, status: str) -> None:
        ids = self._target_ids()
        if self.library is None or not ids or not self.leave_edit():
            return
        # Counted for the question only; the operation reads the old statuses itself.
        count = sum(1 for s in self.library.edits.statuses(ids).values() if s != status)
        if not count:
            self.statusBar().showMessage(f"Already {status}.", 4000)
            return
        if count > 1 and not ask.confirm(
                self, "Set status", f"Set the status of {count:,} entries to {status}?",
                "Set status"):
            return
        self.ops.run("Cannot set the status", ops.set_status, ids, status)

    def change_terms(self, facet: str, *, add: bool) -> None:
        ids = self._target_ids()
        if self.library is None or not ids or not self.leave_edit():
            return
        noun = "keyword" if facet == "keyword" else "theme"
        verb = "Add" if add else "Remove"
        value = ask.text(self, f"{verb} {noun}", f"{verb} which {noun}?")
        if value is None:
            return
        # Counted for the question only; the operation reads the old terms itself.
        edit = ops.with_term if add else ops.without_term
        count = sum(1 for terms in self.library.edits.terms(facet, ids).values()
                    if edit(terms, value) != terms)
        if not count:
            self.statusBar().showMessage(f"No entry needed that {noun} change.", 4000)
            return
        preposition = "to" if add else "from"
        text = f"{verb} {noun} “{value}” {preposition} {count:,} entries?"
        if count > 1 and not ask.confirm(self, f"{verb} {noun}", text, verb):
            return
        self.ops.run(f"Cannot {verb.lower()} the {noun}", ops.change_terms, facet, ids, value,
                     add=add)

    def delete_selected(self) -> None:
        ids = self._target_ids()
        if self.library is None or not ids or not self.leave_edit():
            return
        what = "this entry" if len(ids) == 1 else f"{len(ids):,} entries"
        if not ask.confirm(self, "Delete", f"Delete {what}? Edit → Undo brings "
                           f"{'it' if len(ids) == 1 else 'them'} back.", "Delete"):
            return
        self.ops.run("Cannot delete", ops.delete_entries, ids)

    def _after_change(self, change: Change) -> None:
        """Refresh what shows what the change touched, and nothing else."""
        if self.library is None:
            return
        ids = set(change.entry_ids)
        # The list shows titles, statuses, scores and the date of the last change; the
        # sidebar counts statuses and terms. Only review marks and no-ops leave them be.
        if change.touches(~(Touched.REVIEWED | Touched.NOTHING)):
            self.model.refresh()
            self.sidebar.refresh()
        elif self.current_entry_id() in ids and not self._editing():
            self._show_entry(self.current_entry_id())
        filtered = self.model.filter != Filter()  # a status or term can move items in or out
        if change.touches(Touched.SCORES | Touched.ITEMS | Touched.REVIEWED | Touched.ENTRIES) \
                or (filtered and change.touches(Touched.STATUS | Touched.TERMS | Touched.TITLE)):
            if self.items_tab.built:
                self.items_view.refresh()
            if self.stats_tab.built:
                self.stats_view.mark_stale()
            self.review.refresh()
        if self.calibration_tab.built and change.touches(Touched.SCORES | Touched.ENTRIES):
            keys = self.calibration_view.keys_in(list(ids))
            if keys:
                rows = self.library.items.page(ItemFilter(keys=keys), limit=len(keys))
                self.calibration_view.show_scores({row.key: row.relevancy for row in rows})
        if self._editing() and self.editor.entry_id in ids and not self.editor.is_dirty():
            if self.library.entries.has(self.editor.entry_id):
                entry_id = self.editor.entry_id
                entries = self.library.entries
                self.editor.load(entries.get(entry_id), entries.version(entry_id))
            else:
                self.entry_stack.setCurrentWidget(self.detail)
        shown = self.editor.entry_id if self._editing() else self.current_entry_id()
        if shown in ids or change.touches(Touched.ENTRIES):
            self._show_history()
