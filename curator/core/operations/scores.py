"""Actions on items' scores: one score with a reason, a calibration group's, review marks."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from ..errors import CuratorError
from ..store import By, ItemKey, Library, Written
from .change import Change, Touched, quoted


def set_score(library: Library, key: ItemKey, value: int, *, reason: str | None = None,
              by: By = By.REVIEW) -> Change:
    """Change one item's score; the history keeps the old one and the reason."""
    key = ItemKey(*key)
    with library.transaction():
        written = _write(library, by, {key: value}, reason)
        title = library.entries.get(key.entry_id).title if written.old else ""
    text = f"relevancy {written.old.get(key)} → {value} on {quoted(title)}"
    return _change(library, written, text, None, reason)


def set_group_score(library: Library, keys: Iterable[ItemKey], value: int, *,
                    by: By = By.BULK) -> Change:
    """Give a whole group of items one score (calibration), as one change."""
    keys = [ItemKey(*key) for key in keys]
    return _put(library, by, dict.fromkeys(keys, value), f"score {value} for {len(keys)} items",
                None, None)


def _put(library: Library, by: By, scores: dict[ItemKey, int], text: str,
         reason: str | None, back_reason: str | None) -> Change:
    return _change(library, _write(library, by, scores, reason), text, back_reason, reason)


def _write(library: Library, by: By, scores: dict[ItemKey, int],
           reason: str | None) -> Written:
    try:
        return library.edits.set_relevancies(
            [(key.entry_id, key.section, key.position, value) for key, value in scores.items()],
            by=by, reason=reason)
    except ValueError as error:
        raise CuratorError(str(error)) from None


def _change(library: Library, written: Written, text: str, back_reason: str | None,
            reason: str | None) -> Change:
    """The change of a score write; its inverse sets the old scores (the reason is kept for
    each redo, as the history showed it first)."""
    back = partial(_put, scores=written.old, text=text, reason=back_reason,
                   back_reason=reason) if written.old else None
    version = library.entries.version(written.entry_ids[0]) if len(written.entry_ids) == 1 else None
    return Change(tuple(written.entry_ids), Touched.SCORES | Touched.CONTENT, text, back,
                  version)


def mark_reviewed(library: Library, keys: Iterable[ItemKey], reviewed: bool = True) -> Change:
    """Mark items reviewed (or not): a curation mark, not an edit, so it is not undone."""
    keys = [ItemKey(*key) for key in keys]
    library.items.set_reviewed(keys, reviewed)
    return Change(tuple(dict.fromkeys(key.entry_id for key in keys)), Touched.REVIEWED,
                  "review marks")
