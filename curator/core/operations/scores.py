"""Actions on items' scores: one score with a reason, a calibration group's, review marks.

Giving an item a score is reviewing it: every score set here also marks its item reviewed,
as review mode does, so "leave out reviewed items" never offers it again; undo puts the
old scores and the old marks back together.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from ..errors import CuratorError
from ..model import SECTIONS, Entry
from ..store import By, ItemFilter, ItemKey, Library, Written
from .change import Change, Touched, quoted


def set_score(library: Library, key: ItemKey, value: int, *, reason: str | None = None,
              by: By = By.REVIEW) -> Change:
    """Change one item's score and mark it reviewed; the history keeps the old score and
    the reason. The same score again only marks the item."""
    key = ItemKey(*key)
    with library.transaction():
        written, marked = _write(library, by, {key: value}, {key: True}, reason)
        title = library.entries.get(key.entry_id).title if written.old or marked else ""
    if written.old:
        text = f"relevancy {written.old[key]} → {value} on {quoted(title)}"
    else:
        text = f"review mark on {quoted(title)}"
    return _change(library, written, marked, text, None, reason)


def set_group_score(library: Library, keys: Iterable[ItemKey], value: int, *,
                    by: By = By.BULK) -> Change:
    """Give a whole group of items one score (calibration) and mark them reviewed, as one
    change."""
    keys = [ItemKey(*key) for key in keys]
    return _put(library, by, dict.fromkeys(keys, value), dict.fromkeys(keys, True),
                f"score {value} for {len(keys)} items", None, None)


def _put(library: Library, by: By, scores: dict[ItemKey, int], marks: dict[ItemKey, bool],
         text: str, reason: str | None, back_reason: str | None) -> Change:
    with library.transaction():
        written, marked = _write(library, by, scores, marks, reason)
    return _change(library, written, marked, text, back_reason, reason)


def _write(library: Library, by: By, scores: dict[ItemKey, int], marks: dict[ItemKey, bool],
           reason: str | None) -> tuple[Written, dict[ItemKey, bool]]:
    """Write the scores, then the marks; return what each replaced (inside the caller's
    transaction, so the before-image is the one written over)."""
    try:
        written = library.edits.set_relevancies(
            [(key.entry_id, key.section, key.position, value) for key, value in scores.items()],
            by=by, reason=reason) if scores else Written()
    except ValueError as error:
        raise CuratorError(str(error)) from None
    return written, _mark(library, marks)


def _mark(library: Library, marks: dict[ItemKey, bool]) -> dict[ItemKey, bool]:
    """Set review marks; return the old mark of each item whose mark changed."""
    if not marks:
        return {}
    # One read of the items by key. Not "AND reviewed = ?" in SQL: SQLite would then walk
    # the index of review marks, millions of rows, rather than look the few keys up.
    rows = library.items.page(ItemFilter(keys=frozenset(marks)), limit=len(marks))
    old = {row.key: row.reviewed for row in rows if row.reviewed != marks[row.key]}
    for mark in (True, False):
        flipping = [key for key in old if marks[key] is mark]
        if flipping:
            library.items.set_reviewed(flipping, mark)
    return old


def _change(library: Library, written: Written, marked: dict[ItemKey, bool], text: str,
            back_reason: str | None, reason: str | None) -> Change:
    """The change of a score write; its inverse sets the old scores and marks (the reason is
    kept for each redo, as the history showed it first)."""
    back = partial(_put, scores=written.old, marks=marked, text=text, reason=back_reason,
                   back_reason=reason) if written.old or marked else None
    entry_ids = list(dict.fromkeys([*written.entry_ids, *(key.entry_id for key in marked)]))
    touched = Touched.NOTHING
    if written.old:
        touched |= Touched.SCORES | Touched.CONTENT
    if marked:
        touched |= Touched.REVIEWED
    version = library.entries.version(entry_ids[0]) if len(entry_ids) == 1 else None
    return Change(tuple(entry_ids), touched, text, back, version)


def mark_reviewed(library: Library, keys: Iterable[ItemKey], reviewed: bool = True) -> Change:
    """Mark items reviewed (or not): a curation mark, not an edit, so it is not undone."""
    keys = [ItemKey(*key) for key in keys]
    library.items.set_reviewed(keys, reviewed)
    return Change(tuple(dict.fromkeys(key.entry_id for key in keys)), Touched.REVIEWED,
                  "review marks")


def mark_scored_reviewed(old: Entry, new: Entry) -> Entry:
    """`new` with every item whose score differs from `old`'s marked reviewed (a score
    given in the edit form is a review too).

    Items are matched by place when a section keeps its length, otherwise by their text,
    so an item added or removed above does not mark the items below it.
    """
    update: dict[str, list] = {}
    for section in SECTIONS:
        before, after = old.items(section), new.items(section)
        if len(before) == len(after):
            pairs = list(zip(before, after))
        else:
            unmatched = list(before)
            pairs = []
            for item in after:
                twin = next((o for o in unmatched if _text(o) == _text(item)), None)
                if twin is not None:
                    unmatched.remove(twin)
                    pairs.append((twin, item))
        scored = {id(b) for a, b in pairs if a.relevancy != b.relevancy and not b.reviewed}
        if scored:
            update[section] = [item.model_copy(update={"reviewed": True})
                               if id(item) in scored else item for item in after]
    return new.model_copy(update=update) if update else new


def _text(item: object) -> dict:
    skip = {"relevancy", "relevancy_imported", "reviewed"}
    return {k: v for k, v in item.__dict__.items() if k not in skip}
