"""Import seed files and JSON exports from files and folders into a library, one file at a time."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CuratorError, LibraryError, NotSeedError
from .identity import entry_id_for
from .loading import JSON, Importable, located, open_importable, problem_line, shown
from .model import Entry
from .store import Library
from .writer import write_seed

IMPORTABLE = (".txt", ".json")
NOT_REGULAR = "skipped: not a regular file (a pipe, socket or device)"
"""Such a file is never opened: reading a pipe could wait forever."""
MAX_UNDO_IMAGES = 5_000
"""How many replaced entries an import keeps in memory so that it can be undone."""

Progress = Callable[[int, int, str], None]
"""Called as (files done, files in all, current file name) before each file."""


BROKEN, NOT_SEED = "broken", "not a seed file"
"""Kinds of failure: a file that could not be read (a broken seed, bad JSON, unreadable),
and a text file that is no seed file at all (a README or notes in a dropped folder)."""


@dataclass(frozen=True)
class Failure:
    path: str
    line: int | None
    message: str
    kind: str = BROKEN

    def __str__(self) -> str:
        where = shown(self.path)
        return f"{where}:{self.line}: {self.message}" if self.line else f"{where}: {self.message}"


EDITED, SAME_ID = "edited", "same id"
"""Kinds of conflict: the analyst edited the entry the file would change, or two files of
one import claim the same id (the first was kept)."""


@dataclass(frozen=True)
class Conflict:
    """An entry a file would change that was kept as it is, for the analyst to choose."""

    entry_id: str
    title: str
    path: str
    kind: str = EDITED
    other_path: str | None = None
    """For SAME_ID: the file of this import whose version was kept."""

    def __str__(self) -> str:
        if self.kind == SAME_ID:
            return (f"{shown(self.path)}: conflict: entry {self.entry_id} was already imported "
                    f"from {shown(self.other_path or '')} in this import; kept that version")
        return (f"{shown(self.path)}: conflict: entry {self.entry_id} was edited here; kept "
                "the library's version")


@dataclass(frozen=True)
class Duplicate:
    """A new entry whose title or link matches an entry already there under another id."""

    entry_id: str
    title: str
    existing_id: str
    existing_title: str
    path: str


@dataclass(frozen=True)
class MergedAway:
    """A file of an entry that was merged into another: nothing was created for it."""

    entry_id: str
    title: str
    into_id: str
    into_title: str
    path: str

    def __str__(self) -> str:
        return (f"{shown(self.path)}: entry {self.entry_id} was merged into {self.into_id} "
                f"{self.into_title}; not imported again")


@dataclass
class ImportReport:
    batch: int | None = None
    files: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    merged: list[MergedAway] = field(default_factory=list)
    """Files of entries merged into another entry: reported, nothing created."""
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    added: list[str] = field(default_factory=list)
    """Ids of the entries this import added."""
    replaced: list[tuple[Entry, bool]] = field(default_factory=list)
    """Entries this import updated, as they were before (and whether they were edited)."""
    undoable: bool = True
    """False once an import updated more entries than are kept for undo."""
    claimed: dict[str, str] = field(default_factory=dict, repr=False)
    """Entry id -> the file of this import that stored it, to find two files with one id."""
    files_by_outcome: dict[str, dict[str, int]] = field(default_factory=dict)
    """Outcome (OUTCOMES) -> each file with that outcome -> how many of its entries had it (a
    JSON export holds many), in the order read: the report lists files, not only counts."""

    def count_file(self, outcome: str, path: str, entries: int = 1) -> None:
        files = self.files_by_outcome.setdefault(outcome, {})
        files[path] = files.get(path, 0) + entries

    def files_with(self, outcome: str) -> dict[str, int]:
        """The files of one outcome (`imported`, `updated`, `unchanged`) and their entries."""
        return self.files_by_outcome.get(outcome, {})

    @property
    def not_seeds(self) -> list[Failure]:
        """Files refused because they are not seed files at all."""
        return [f for f in self.failures if f.kind == NOT_SEED]

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        text = (f"imported {self.imported}, updated {self.updated}, unchanged {self.unchanged}, "
                f"conflicts {len(self.conflicts)}, possible duplicates {len(self.duplicates)}, "
                f"failed {self.failed}")
        if self.merged:
            text += f", merged into other entries {len(self.merged)}"
        return text + (" (cancelled)" if self.cancelled else "")


OUTCOMES = {"imported": "Imported", "updated": "Updated",
            "unchanged": "Unchanged, already in the library"}
"""The outcomes whose files the report lists, and their headings."""


def outcome_lines(report: ImportReport, outcome: str) -> list[str]:
    """One line per file of an outcome: `path: imported` (`…: imported 3 entries` for a JSON
    export that held several)."""
    lines = []
    for path, entries in report.files_with(outcome).items():
        more = f" {entries} entries" if entries > 1 else ""
        lines.append(f"{shown(path)}: {outcome}{more}")
    return lines


def report_sections(report: ImportReport, *, outcomes: bool = True
                    ) -> list[tuple[str, list[str]]]:
    """The report's lists, each a heading and lines that each make sense alone (the CLI prints
    the lines, the GUI's report text has the headings too); `outcomes`: with the lists of
    files imported, updated and unchanged, before the problems."""
    broken = [f for f in report.failures if f.kind != NOT_SEED]
    sections = [
        (f"{heading} ({_files(len(report.files_with(outcome)))}):",
         outcome_lines(report, outcome))
        for outcome, heading in OUTCOMES.items() if outcomes
    ] + [
        (f"Failed ({len(broken)}):", [str(f) for f in broken]),
        (f"Not seed files, skipped ({len(report.not_seeds)}):",
         [str(f) for f in report.not_seeds]),
        (f"Conflicts, the version already there kept ({len(report.conflicts)}):",
         [str(c) for c in report.conflicts]),
        (f"Possible duplicates ({len(report.duplicates)}):",
         [f"{shown(d.path)}: possible duplicate: {d.entry_id} {d.title} -- matches "
          f"{d.existing_id} {d.existing_title}" for d in report.duplicates]),
        (f"Merged into other entries, not imported again ({len(report.merged)}):",
         [str(m) for m in report.merged]),
        (f"Warnings ({len(report.warnings)}):", report.warnings),
    ]
    return [(heading, lines) for heading, lines in sections if lines]


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def report_text(report: ImportReport) -> str:
    """The whole report as plain text, as the GUI's report copies it to the clipboard."""
    lines = [f"Import: {report.summary()}", f"Files found: {report.files}"]
    if report.batch is not None:
        lines.append(f"Batch: {report.batch}")
    for heading, section in report_sections(report):
        lines += ["", heading, *section]
    return "\n".join(lines) + "\n"


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Failure]]:
    """The importable files under the given paths, folders searched recursively.

    Links are followed, but each real folder is visited once, so a link loop ends.
    """
    files: list[Path] = []
    failures: list[Failure] = []
    seen_dirs: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            _walk(path, files, failures, seen_dirs)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            failures.append(Failure(str(path), None, NOT_REGULAR))
        elif path.is_symlink():
            failures.append(Failure(str(path), None, "broken symbolic link"))
        else:
            failures.append(Failure(str(path), None, "no such file or folder"))
    return files, failures


def _walk(folder: Path, files: list[Path], failures: list[Failure], seen: set[str]) -> None:
    real = os.path.realpath(folder)
    if real in seen:
        failures.append(Failure(str(folder), None, "skipped: a link back to a folder already read"))
        return
    seen.add(real)
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        failures.append(Failure(str(folder), None, f"cannot read the folder: {error.strerror}"))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        path = Path(child.path)
        try:
            if child.is_dir():
                _walk(path, files, failures, seen)
            elif child.name.lower().endswith(IMPORTABLE) and child.is_file():
                files.append(path)
            elif child.name.lower().endswith(IMPORTABLE) and path.exists():
                failures.append(Failure(str(path), None, NOT_REGULAR))
            elif child.is_symlink() and not path.exists():
                failures.append(Failure(str(path), None, "broken symbolic link"))
        except OSError as error:
            failures.append(Failure(str(path), None, f"cannot read: {error.strerror}"))


def import_paths(
    library: Library,
    paths: Iterable[str | os.PathLike[str]],
    *,
    overwrite: bool | frozenset[str] = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import every file under the paths; each file is stored whole or not at all."""
    names = [str(p) for p in paths]
    files, failures = collect_files(names)
    report = ImportReport(files=len(files), failures=failures)
    library.check_integrity()  # damage found halfway would leave a half-done import
    try:
        report.batch = library.imports.begin(names)
    except sqlite3.Error as error:
        if not storage_error(error):
            raise
        raise LibraryError(f"{library.path} could not be written ({error}); nothing was "
                           "imported.") from None
    done = 0
    for path in files:
        if cancelled and cancelled():
            report.cancelled = True
            break
        if progress:
            progress(done, len(files), path.name)
        try:
            import_file(library, path, report, overwrite=overwrite)
        except _LibraryFailed as error:
            # A full disk or a damaged library fails every later file the same way: stop.
            rest = len(files) - done - 1
            report.failures.append(Failure(str(path), None, str(error) + (
                f"; the import stopped here, {rest} more files were not read" if rest else "")))
            break
        done += 1
    if progress:
        progress(done, len(files), "")
    try:
        library.imports.finish(report.batch, report.summary())
    except sqlite3.Error as error:
        if not storage_error(error):
            raise
        report.failures.append(Failure(
            str(library.path), None, f"the import's summary could not be recorded ({error})"))
    return report


class _LibraryFailed(Exception):
    """The library, not the file, failed while a file was being imported."""


_STORAGE_ERRORS = frozenset({
    "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CANTOPEN",
    "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_PERM", "SQLITE_NOLFS",
})


def storage_error(error: sqlite3.Error) -> bool:
    """Whether an SQLite error is the file or the disk failing (a full disk, a damaged or
    unreachable library), an error of the world; anything else is a bug of ours."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return "_".join(name.split("_")[:2]) in _STORAGE_ERRORS


def import_file(
    library: Library, path: Path, report: ImportReport, *, overwrite: bool | frozenset[str] = False
) -> None:
    """Import one file into the report's batch; its failure is recorded, never raised.

    Only a failure of the library itself (a full disk, a damaged file) is raised, as
    `_LibraryFailed`, so that `import_paths` stops.
    """
    try:
        importable = open_importable(path)
        if importable.kind == JSON:
            stored = _store_json(library, importable, report, overwrite)
        else:
            stored = _store_seed(library, importable, report, overwrite)
    except NotSeedError as error:
        report.failures.append(Failure(str(path), error.line, error.message, NOT_SEED))
        return
    except CuratorError as error:
        report.failures.append(Failure(str(path), *problem_line(error)))
        return
    except sqlite3.Error as error:
        if not storage_error(error):
            raise
        raise _LibraryFailed(f"not imported: the library could not be written ({error})") \
            from None
    for item in stored:
        report.claimed.setdefault(item.entry_id, str(path))
        if item.outcome in OUTCOMES:
            report.count_file(item.outcome, str(path))
        if item.outcome == "imported":
            report.imported += 1
            report.added.append(item.entry_id)
        elif item.outcome == "updated":
            report.updated += 1
            if item.before is not None and len(report.replaced) < MAX_UNDO_IMAGES:
                report.replaced.append((item.before, item.was_edited))
            else:
                report.undoable = False
        elif item.outcome == "unchanged":
            report.unchanged += 1
        elif item.outcome == "merged":
            into_id, into_title = item.duplicate_of or ("", "")
            report.merged.append(MergedAway(item.entry_id, item.title, into_id, into_title,
                                            str(path)))
            continue
        else:
            report.conflicts.append(Conflict(item.entry_id, item.title, str(path)))
        if item.duplicate_of:
            existing_id, existing_title = item.duplicate_of
            report.duplicates.append(Duplicate(
                item.entry_id, item.title, existing_id, existing_title, str(path)
            ))


def _store_seed(library: Library, importable: Importable, report: ImportReport,
                overwrite: bool | frozenset[str]) -> list:
    data = importable.data()
    entry_id = entry_id_for(importable.name, data)
    if entry_id not in report.claimed and \
            library.imports.unchanged_source(entry_id, hashlib.sha256(data).hexdigest()):
        report.unchanged += 1
        report.count_file("unchanged", str(importable.path))
        report.claimed[entry_id] = str(importable.path)
        return []
    result = importable.read_seed(data)
    report.warnings += [located(importable.path, w) for w in result.warnings]
    offered = _unclaimed(library, [(result.entry, result.text)], importable, report)
    return library.imports.store(list(offered), batch=report.batch, overwrite=overwrite,
                                  keep_curation=True)


def _store_json(library: Library, importable: Importable, report: ImportReport,
                overwrite: bool | frozenset[str]) -> list:
    # Read through once to refuse a bad file whole, then again to store it: memory holds
    # one entry at a time, not the file.
    importable.check()
    offered = _unclaimed(library, ((e, None) for e in importable.entries()), importable, report)
    return library.imports.store(offered, batch=report.batch,  # type: ignore[arg-type]
                                  overwrite=overwrite, keep_curation=False)


def _unclaimed(library: Library, offered: Iterable[tuple[Entry, str | None]],
               importable: Importable, report: ImportReport
               ) -> Iterator[tuple[Entry, str | None]]:
    """The entries no earlier file of this import stored; one that another file stored with
    other content is a SAME_ID conflict (the first file's version stays)."""
    path = str(importable.path)
    for entry, text in offered:
        first = report.claimed.get(entry.id)
        if first is None or first == path:
            yield entry, text
        elif write_seed(library.entries.get(entry.id)) == write_seed(entry):
            report.unchanged += 1
            report.count_file("unchanged", path)
        else:
            report.conflicts.append(Conflict(entry.id, entry.title, path, SAME_ID, first))
