"""Actions on whole entries: save an edit, revert one history change, status, terms, delete."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from ..errors import CuratorError
from ..model import Entry, Status
from ..store import By, Library, Written
from .change import Change, Touched, entries_text, quoted, touched_by
from .scores import mark_scored_reviewed


def save_entry(library: Library, entry: Entry, version: int, *, by: By = By.EDIT) -> Change:
    """Save an edited entry over the version it was based on (VersionConflict if newer).

    An item given another score in the form is marked reviewed, as scoring anywhere does
    (not when the save reverts a recorded change: that is no new review).
    """
    text = f"edit of {quoted(entry.title)}"
    if by is By.REVERT or not library.entries.has(entry.id):
        return _put_entry(library, by, entry, version, text)
    with library.transaction():
        image = mark_scored_reviewed(library.entries.get(entry.id), entry)
        return _put_entry(library, by, image, version, text)


def _put_entry(library: Library, by: By, image: Entry, version: int, text: str) -> Change:
    written = library.edits.save_entry(image, version, by=by)
    if not written.fields:
        return Change((image.id,), Touched.NOTHING, text, None, written.version)
    assert written.version is not None
    # The inverse saves over this very version: a later save elsewhere makes undo refuse.
    back = partial(_put_entry, image=written.before[0], version=written.version, text=text)
    return Change((image.id,), touched_by(written.fields), text, back,
                  written.version)


def revert_change(library: Library, history_pk: int) -> Change:
    """Put one field back to what it was before a recorded change."""
    with library.transaction():
        row = library.entries.history_row(history_pk)
        if row is None:
            raise CuratorError("That change is no longer in the history.")
        if row.field == "entry":
            raise CuratorError(
                "Adding or deleting a whole entry cannot be reverted from its history.")
        entry = library.entries.get(row.entry_id)
        data = entry.model_dump(mode="json")
        try:
            _set_path(data, row.field.split("."), row.old)
        except (KeyError, IndexError, TypeError):
            raise CuratorError(
                f"{row.field} no longer exists in this entry, so it cannot be set back."
            ) from None
        reverted = Entry.model_validate(data)
        return save_entry(library, reverted, library.entries.version(entry.id), by=By.REVERT)


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


def set_status(library: Library, entry_ids: Iterable[str], status: Status | str, *,
               by: By | None = None) -> Change:
    """Set the status of entries; by default one entry is an edit, several a bulk change."""
    status = Status(status)
    with library.transaction():
        changing = [i for i, old in library.edits.statuses(entry_ids).items() if old != status]
        by = by or (By.BULK if len(changing) > 1 else By.EDIT)
        text = f"status → {status.value} on {entries_text(len(changing))}"
        return _statuses_change(library.edits.set_status(changing, status, by=by), text)


def _put_statuses(library: Library, by: By, statuses: dict[str, str], text: str) -> Change:
    return _statuses_change(library.edits.set_statuses(statuses, by=by), text)


def _statuses_change(written: Written, text: str) -> Change:
    # Only id -> old status is kept: a change of 100,000 entries stays small.
    back = partial(_put_statuses, statuses=written.old, text=text) if written.old else None
    return Change(tuple(written.entry_ids), Touched.STATUS | Touched.CONTENT, text,
                  back)


def with_term(terms: list[str], value: str) -> list[str]:
    """The terms with one added at the end, unless it is there already (ignoring case)."""
    if value.casefold() in (t.casefold() for t in terms):
        return terms
    return [*terms, value]


def without_term(terms: list[str], value: str) -> list[str]:
    """The terms without any that equal the value (ignoring case)."""
    return [t for t in terms if t.casefold() != value.casefold()]


def change_terms(library: Library, facet: str, entry_ids: Iterable[str], value: str, *,
                 add: bool, by: By = By.BULK) -> Change:
    """Add a keyword or theme to entries (`facet` "keyword" or "theme"), or remove it."""
    edit = with_term if add else without_term
    written = library.edits.change_terms(facet, entry_ids, lambda _id, old: edit(old, value), by=by)
    noun = "keyword" if facet == "keyword" else "theme"
    verb, preposition = ("add", "to") if add else ("remove", "from")
    text = f"{verb} {noun} “{value}” {preposition} {len(written.entry_ids):,} entries"
    return _terms_change(facet, written.entry_ids, written.old, text)


def _put_terms(library: Library, by: By, facet: str, terms: dict[str, list[str]],
               text: str) -> Change:
    written = library.edits.set_terms(facet, terms, by=by)
    return _terms_change(facet, written.entry_ids, written.old, text)


def _terms_change(facet: str, entry_ids: list[str], old: dict[str, list[str]],
                  text: str) -> Change:
    back = partial(_put_terms, facet=facet, terms=old, text=text) if old else None
    return Change(tuple(entry_ids), Touched.TERMS | Touched.CONTENT, text, back)


def delete_entries(library: Library, entry_ids: Iterable[str], *, by: By = By.EDIT) -> Change:
    """Delete entries; undo puts them back whole."""
    removed = library.edits.delete_entries(entry_ids, by=by)
    text = (f"delete of {quoted(removed[0].title)}" if len(removed) == 1
            else f"delete of {entries_text(len(removed))}")
    return _deleted(removed, text)


def _deleted(removed: list[Entry], text: str) -> Change:
    back = partial(_restore, entries=removed, text=text) if removed else None
    return Change(tuple(e.id for e in removed), Touched.ENTRIES, text, back)


def _restore(library: Library, by: By, entries: list[Entry], text: str) -> Change:
    written = library.edits.restore_entries(entries, by=by)
    return Change(tuple(written.entry_ids), Touched.ENTRIES, text,
                  partial(_delete_again, ids=written.entry_ids, text=text))


def _delete_again(library: Library, by: By, ids: list[str], text: str) -> Change:
    return _deleted(library.edits.delete_entries(ids, by=by), text)
