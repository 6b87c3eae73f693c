"""User actions that span several store calls: reverting a past change, bulk terms, undoing an import."""

from __future__ import annotations

from typing import Any

from .errors import CuratorError
from .importer import ImportReport
from .model import Entry
from .store import Change, Library

REVERTIBLE_BY = ("import", "edit", "bulk", "review", "revert", "undo")


def revert_change(library: Library, history_pk: int) -> Change:
    """Put one field back to what it was before a recorded change."""
    row = library.history_row(history_pk)
    if row is None:
        raise CuratorError("That change is no longer in the history.")
    if row.field == "entry":
        raise CuratorError("Adding or deleting a whole entry cannot be reverted from its history.")
    entry = library.get_entry(row.entry_id)
    data = entry.model_dump(mode="json")
    try:
        _set_path(data, row.field.split("."), row.old)
    except (KeyError, IndexError, TypeError):
        raise CuratorError(
            f"{row.field} no longer exists in this entry, so it cannot be set back."
        ) from None
    reverted = Entry.model_validate(data)
    return library.save_entry(reverted, library.version(entry.id), by="revert")


def _set_path(data: Any, path: list[str], value: Any) -> None:
    for part in path[:-1]:
        data = data[int(part)] if isinstance(data, list) else data[part]
    last = path[-1]
    if isinstance(data, list):
        data[int(last)] = value
    else:
        if last not in data:
            raise KeyError(last)
        data[last] = value


def with_term(terms: list[str], value: str) -> list[str]:
    """The terms with one added at the end, unless it is there already (ignoring case)."""
    if value.casefold() in (t.casefold() for t in terms):
        return terms
    return [*terms, value]


def without_term(terms: list[str], value: str) -> list[str]:
    """The terms without any that equal the value (ignoring case)."""
    return [t for t in terms if t.casefold() != value.casefold()]


def undo_import(library: Library, report: ImportReport) -> Change:
    """Remove what an import added and put back what it updated."""
    if not report.undoable:
        raise CuratorError("This import changed too many entries to be undone.")
    removed = library.delete_entries(report.added, by="undo")
    restored = []
    for before, was_edited in report.replaced:
        if library.has(before.id):
            library.save_entry(before, library.version(before.id), by="undo",
                               edited=was_edited, restore_source=True)
            restored.append(before.id)
    return Change([e.id for e in removed] + restored, ["entry"])
