"""Undo commands: each wraps core operations, keyed by entry ids, never by table rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ..core.errors import CuratorError
from ..core.importer import ImportReport, import_paths
from ..core.model import Entry
from ..core.operations import undo_import
from ..core.store import Library
from .widgets.busy import busy

Changed = Callable[[list[str]], None]
"""Told which entries an undo or redo changed, so the views refresh."""

Failed = Callable[[str], None]
"""Told when an undo or redo could not be applied (another window changed the entry)."""


def _quoted(title: str, limit: int = 40) -> str:
    return f"“{title if len(title) <= limit else title[: limit - 1] + '…'}”"


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


class _LibraryCommand(QUndoCommand):
    """A command whose first redo already happened: the window ran the operation itself,
    so it could report errors before anything was pushed."""

    def __init__(self, text: str, library: Library, changed: Changed, failed: Failed) -> None:
        super().__init__(text)
        self.library = library
        self._changed = changed
        self._failed = failed
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step: Callable[[], list[str]]) -> None:
        with busy():  # undoing a bulk change takes as long as making it
            try:
                ids = step()
            except CuratorError as error:
                failure = error
            else:
                self._changed(ids)
                return
        # The library moved on (another window, an import): this step no longer applies.
        self.setObsolete(True)
        self._failed(f"Could not {self.actionText().lower()}: {failure}")

    def apply(self) -> list[str]:
        raise NotImplementedError

    def revert(self) -> list[str]:
        raise NotImplementedError


class SaveEntryCommand(_LibraryCommand):
    """An entry saved from the edit view (any fields at once)."""

    def __init__(self, library: Library, before: Entry, after: Entry, version: int,
                 changed: Changed, failed: Failed) -> None:
        super().__init__(f"edit of {_quoted(after.title)}", library, changed, failed)
        self.before, self.after, self.version = before, after, version

    def apply(self) -> list[str]:
        self.version = self.library.save_entry(self.after, self.version, by="redo").version
        return [self.after.id]

    def revert(self) -> list[str]:
        self.version = self.library.save_entry(self.before, self.version, by="undo").version
        return [self.before.id]


class StatusCommand(_LibraryCommand):
    def __init__(self, library: Library, old: dict[str, str], status: str,
                 changed: Changed, failed: Failed) -> None:
        super().__init__(f"status → {status} on {_entries(len(old))}", library, changed, failed)
        self.old, self.status = old, status

    def apply(self) -> list[str]:
        return self.library.set_status(list(self.old), self.status, by="redo").entry_ids

    def revert(self) -> list[str]:
        by_status: dict[str, list[str]] = defaultdict(list)
        for entry_id, status in self.old.items():
            by_status[status].append(entry_id)
        for status, ids in by_status.items():
            self.library.set_status(ids, status, by="undo")
        return list(self.old)


class TermsCommand(_LibraryCommand):
    """Keywords or themes added to or removed from several entries."""

    def __init__(self, library: Library, text: str, facet: str, before: dict[str, list[str]],
                 after: dict[str, list[str]], changed: Changed, failed: Failed) -> None:
        super().__init__(text, library, changed, failed)
        self.facet, self.before, self.after = facet, before, after

    def apply(self) -> list[str]:
        return self.library.set_terms(self.facet, self.after, by="redo").entry_ids

    def revert(self) -> list[str]:
        return self.library.set_terms(self.facet, self.before, by="undo").entry_ids


class DeleteCommand(_LibraryCommand):
    def __init__(self, library: Library, removed: list[Entry], changed: Changed,
                 failed: Failed) -> None:
        text = (f"delete of {_quoted(removed[0].title)}" if len(removed) == 1
                else f"delete of {_entries(len(removed))}")
        super().__init__(text, library, changed, failed)
        self.removed = removed

    def apply(self) -> list[str]:
        return [e.id for e in self.library.delete_entries([e.id for e in self.removed], by="redo")]

    def revert(self) -> list[str]:
        return self.library.restore_entries(self.removed, by="undo").entry_ids


class RelevancyCommand(_LibraryCommand):
    def __init__(self, library: Library, entry: Entry, section: str, position: int, old: int,
                 new: int, changed: Changed, failed: Failed, reason: str | None = None) -> None:
        super().__init__(f"relevancy {old} → {new} on {_quoted(entry.title)}", library,
                         changed, failed)
        self.entry_id, self.section, self.position = entry.id, section, position
        self.old, self.new, self.reason = old, new, reason

    def apply(self) -> list[str]:
        self.library.set_relevancy(self.entry_id, self.section, self.position, self.new,
                                   by="redo", reason=self.reason)
        return [self.entry_id]

    def revert(self) -> list[str]:
        self.library.set_relevancy(self.entry_id, self.section, self.position, self.old,
                                   by="undo")
        return [self.entry_id]


class ImportCommand(_LibraryCommand):
    """A whole import: undo removes what it added and restores what it updated."""

    def __init__(self, library: Library, report: ImportReport, paths: list[str],
                 changed: Changed, failed: Failed) -> None:
        count = report.imported + report.updated
        super().__init__(f"import of {_entries(count)}", library, changed, failed)
        self.report, self.paths = report, paths

    def apply(self) -> list[str]:
        overwrite = frozenset(before.id for before, _ in self.report.replaced)
        self.report = import_paths(self.library, self.paths, overwrite=overwrite)
        return self.report.added + [before.id for before, _ in self.report.replaced]

    def revert(self) -> list[str]:
        return undo_import(self.library, self.report).entry_ids


class ScoresCommand(_LibraryCommand):
    """Several items given scores at once (a calibration group): one undo step."""

    def __init__(self, library: Library, text: str, old: dict[tuple[str, str, int], int],
                 new: dict[tuple[str, str, int], int], changed: Changed, failed: Failed) -> None:
        super().__init__(text, library, changed, failed)
        self.old, self.new = old, new

    def _set(self, scores: dict[tuple[str, str, int], int], by: str) -> list[str]:
        return self.library.set_relevancies(
            [(entry_id, section, position, value)
             for (entry_id, section, position), value in scores.items()], by=by,
        ).entry_ids

    def apply(self) -> list[str]:
        return self._set(self.new, "redo")

    def revert(self) -> list[str]:
        return self._set(self.old, "undo")
