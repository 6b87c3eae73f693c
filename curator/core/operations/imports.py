"""Actions that bring files in or copy the library out: import, its undo, report choices, backup."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..errors import CuratorError
from ..files import atomic_path
from ..importer import ImportReport, Progress, import_paths
from ..model import Entry
from ..store import By, Library
from ..store.schema import check_file
from .change import Change, Touched, entries_text

EVERYTHING = ~Touched.NOTHING
"""An import may touch any field of any entry."""


def import_files(library: Library, paths: Iterable[str | os.PathLike[str]], *,
                 overwrite: bool | frozenset[str] = False, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> tuple[ImportReport, Change]:
    """Import every file under the paths (one transaction per file, so a cancel keeps the
    files done); the change's inverse removes what it added and restores what it updated."""
    named = [str(p) for p in paths]
    report = import_paths(library, named, overwrite=overwrite, progress=progress,
                          cancelled=cancelled)
    return report, imported(report, named)


def imported(report: ImportReport, paths: list[str]) -> Change:
    """The change an import made, from its report (the import ran in another thread)."""
    ids = tuple(report.added) + tuple(before.id for before, _ in report.replaced)
    count = report.imported + report.updated
    undoable = report.undoable and count > 0
    return Change(ids, EVERYTHING if count else Touched.NOTHING,
                  f"import of {entries_text(count)}",
                  partial(_undo, report=report, paths=paths) if undoable else None)


def undo_import(library: Library, report: ImportReport, *, by: By = By.UNDO) -> Change:
    """Remove what an import added and put back what it updated, in one transaction.

    Its inverse reads the same files again, as only they hold the import's result whole.
    """
    return _undo(library, by, report, [])


def _undo(library: Library, by: By, report: ImportReport, paths: list[str]) -> Change:
    if not report.undoable:
        raise CuratorError("This import changed too many entries to be undone.")
    with library.transaction():
        removed = library.edits.delete_entries(report.added, by=by)
        restored = []
        for before, was_edited in report.replaced:
            if library.entries.has(before.id):
                library.edits.save_entry(before, library.entries.version(before.id), by=by,
                                   edited=was_edited, restore_source=True)
                restored.append(before.id)
    count = report.imported + report.updated
    again = partial(_again, paths=paths, report=report) if paths else None
    return Change(tuple(e.id for e in removed) + tuple(restored), EVERYTHING,
                  f"import of {entries_text(count)}", again)


def _again(library: Library, by: By, paths: list[str], report: ImportReport) -> Change:
    # The history records a redone import as an import, as the first one was.
    overwrite = frozenset(before.id for before, _ in report.replaced)
    return import_files(library, paths, overwrite=overwrite)[1]


@dataclass(frozen=True)
class ReportChoices:
    """What the analyst chose in the report: new duplicates to remove, conflicts to overwrite."""

    remove: list[str] = field(default_factory=list)
    take: dict[str, list[str]] = field(default_factory=dict)
    """File path -> ids of the entries in it whose file version replaces the analyst's."""

    def __bool__(self) -> bool:
        return bool(self.remove or self.take)


def apply_report_choices(library: Library,
                         choices: ReportChoices) -> tuple[ImportReport | None, Change]:
    """Remove the chosen duplicates and re-import the files whose version was chosen.

    Returns the report of re-imported files (None if none) and the change, whose inverse
    restores the removed entries and undoes the re-import.
    """
    removed: list[Entry] = library.edits.delete_entries(choices.remove, by=By.IMPORT) \
        if choices.remove else []
    report = None
    if choices.take:
        # One run, so the overwritten entries share one batch; only the chosen ids are forced.
        ids = frozenset(entry_id for ids in choices.take.values() for entry_id in ids)
        report = import_paths(library, list(choices.take), overwrite=ids)
    ids_changed = tuple(e.id for e in removed) + (
        tuple(report.added) + tuple(b.id for b, _ in report.replaced) if report else ())
    undoable = bool(removed) or (report is not None and report.undoable)
    text = "import report choices"
    back = partial(_unchoose, removed=removed, report=report, text=text) if undoable else None
    return report, Change(ids_changed, EVERYTHING if ids_changed else Touched.NOTHING, text, back)


def _unchoose(library: Library, by: By, removed: list[Entry], report: ImportReport | None,
              text: str) -> Change:
    with library.transaction():
        back = library.edits.restore_entries(removed, by=by).entry_ids
        if report is not None and report.undoable:
            back += list(_undo(library, by, report, []).entry_ids)
    # Not redone: the choices were made in the report, which is closed by now.
    return Change(tuple(back), EVERYTHING, text, None)


def backup(library: Library, target: str | os.PathLike[str]) -> Change:
    """A consistent copy of the library in `target`; it changes nothing in the library.

    A folder, or a file that is not a library, or the library itself, is refused, never
    replaced; the copy is written aside and renamed when complete.
    """
    path = Path(target).expanduser().absolute()
    if check_file(path) and path.samefile(library.path):
        raise CuratorError(f"{path} is the library itself: choose another file.")
    try:
        with atomic_path(path) as part:
            library.backup(part)
    except (sqlite3.Error, OSError) as error:
        raise CuratorError(f"the backup {path} could not be written ({error}); nothing "
                           "was written under that name.") from None
    return Change((), Touched.NOTHING, f"backup to {path.name}")
