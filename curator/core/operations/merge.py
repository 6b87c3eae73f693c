"""Actions on duplicates: merge entries into one, a batch of sure groups, and the analyst's
"not duplicates" marks; each one undo step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..duplicates.marks import mark_not_duplicates as add_marks
from ..duplicates.marks import unmark_not_duplicates as remove_marks
from ..duplicates.merge import MergeChoices, choose_keeper, merge_entries
from ..errors import CuratorError
from ..model import Entry
from ..store import By, Library
from ..store.duplicates import Pair
from .change import Change, Touched, entries_text, quoted

MERGE_TOUCHES = Touched.ENTRIES | Touched.CONTENT | Touched.TITLE | Touched.STATUS | \
    Touched.TERMS | Touched.ITEMS | Touched.SCORES | Touched.REVIEWED


@dataclass(frozen=True)
class _Merged:
    """One merge as made: enough to undo it (before-images) and to redo it (the result)."""

    kept_before: Entry
    kept_after: Entry
    version: int
    """The kept entry's version after the merge (undo saves over it)."""
    removed: tuple[Entry, ...]
    record: dict[str, Any]


def merge(library: Library, keep_id: str, other_ids: Sequence[str],
          choices: MergeChoices | None = None) -> Change:
    """Merge entries into `keep_id`: the merged entry (see duplicates.merge_entries) is saved
    over it and the others deleted, each remembering where it went; one undo step."""
    with library.transaction():
        done = _merge_one(library, keep_id, other_ids, choices)
    text = (f"merge of {entries_text(len(done.removed) + 1)} into "
            f"{quoted(done.kept_after.title)}")
    return _merged_change([done], text)


def merge_groups(library: Library, groups: Iterable[Sequence[str]]) -> Change:
    """Merge each group of entries into its most curated one (see duplicates.choose_keeper)
    with the default choices, all in one transaction and one undo step."""
    with library.transaction():
        made = []
        for ids in groups:
            present = [entry_id for entry_id in ids if library.entries.has(entry_id)]
            if len(present) < 2:
                continue  # merged already, or deleted since the groups were found
            keep = choose_keeper(library.duplicates.curation(present))
            made.append(_merge_one(library, keep, [i for i in present if i != keep], None))
    count = sum(len(m.removed) + 1 for m in made)
    text = f"merge of {len(made):,} groups ({entries_text(count)})"
    return _merged_change(made, text)


def _merge_one(library: Library, keep_id: str, other_ids: Sequence[str],
               choices: MergeChoices | None) -> _Merged:
    others = [entry_id for entry_id in dict.fromkeys(other_ids) if entry_id != keep_id]
    if not others:
        raise CuratorError("A merge needs two entries or more.")
    entries = [library.entries.get(entry_id) for entry_id in (keep_id, *others)]
    try:
        merged, record = merge_entries(entries, keep_id, choices)
    except ValueError as error:
        raise CuratorError(f"These entries cannot be merged: {error}.") from None
    written, removed = library.duplicates.merge_away(
        merged, library.entries.version(keep_id), others, record, by=By.MERGE)
    assert written.version is not None
    return _Merged(entries[0], merged, written.version, tuple(removed), record)


def _merged_change(made: list[_Merged], text: str) -> Change:
    ids = tuple(entry_id for m in made for entry_id in (m.kept_after.id,
                                                         *(e.id for e in m.removed)))
    back = partial(_unmerge, made=made, text=text) if made else None
    return Change(ids, MERGE_TOUCHES, text, back)


def _unmerge(library: Library, by: By, made: list[_Merged], text: str) -> Change:
    with library.transaction():
        undone = []
        for m in made:
            written = library.duplicates.unmerge(m.kept_before, m.version, list(m.removed), by=by)
            undone.append(_Merged(m.kept_before, m.kept_after, written.version or 0, m.removed,
                                  m.record))
    ids = tuple(entry_id for m in undone for entry_id in (m.kept_before.id,
                                                          *(e.id for e in m.removed)))
    return Change(ids, MERGE_TOUCHES, text, partial(_remerge, made=undone, text=text))


def _remerge(library: Library, by: By, made: list[_Merged], text: str) -> Change:
    with library.transaction():
        redone = []
        for m in made:
            written, removed = library.duplicates.merge_away(
                m.kept_after, m.version, [e.id for e in m.removed], m.record, by=by)
            assert written.version is not None
            redone.append(_Merged(m.kept_before, m.kept_after, written.version,
                                  tuple(removed), m.record))
    return _merged_change(redone, text)


def mark_not_duplicates(library: Library, ids: Iterable[str]) -> Change:
    """Say that no two of these entries are one story: the finder never groups them again."""
    wanted = sorted(set(ids))
    if len(wanted) < 2:
        raise CuratorError("Marking entries as not duplicates needs two entries or more.")
    added = add_marks(library, wanted)
    return _marks_change(added, True, f"mark {entries_text(len(wanted))} as not duplicates")


def unmark_not_duplicates(library: Library, pairs: Iterable[Pair]) -> Change:
    """Take the "not duplicates" mark off pairs of entries: the finder may group them again."""
    removed = remove_marks(library, pairs)
    noun = "1 pair" if len(removed) == 1 else f"{len(removed):,} pairs"
    return _marks_change(removed, False, f"unmark {noun} as not duplicates")


def _marks_change(pairs: list[Pair], marked: bool, text: str) -> Change:
    back = partial(_put_marks, pairs=pairs, marked=not marked, text=text) if pairs else None
    ids = tuple(sorted({entry_id for p in pairs for entry_id in p}))
    return Change(ids, Touched.MARKS, text, back)


def _put_marks(library: Library, by: By, pairs: list[Pair], marked: bool, text: str) -> Change:
    changed = library.duplicates.add_not_duplicates(pairs) if marked else \
        library.duplicates.remove_not_duplicates(pairs)
    return _marks_change(changed, marked, text)
