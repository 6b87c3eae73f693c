"""Calibration's background job: groups similar items in its own thread and connection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ...core.calibration import DEFAULT_SIMILARITY, Group, Member, group_items
from ...core.store import Filter, ItemFilter, Library
from ..widgets.library_job import LibraryJob, Progress


@dataclass
class CalibrationResult:
    groups: list[Group]
    titles: dict[str, str]
    """Entry id → title, for the entries of the grouped items."""
    items: int
    """How many items were looked at."""
    filter: Filter
    threshold: float = DEFAULT_SIMILARITY
    """The similarity the groups were found at, in %."""


class CalibrationWorker(LibraryJob):
    """Groups the items of a filter, in its own thread with its own connection. Progress
    stages: "reading" (total 0), "preparing", "comparing"."""

    def __init__(self, db_path: str | Path, flt: Filter, threshold: float) -> None:
        super().__init__(db_path, partial(_group, flt=flt, threshold=threshold), "Grouping")


def _group(library: Library, progress: Progress, cancelled: Callable[[], bool], *,
           flt: Filter, threshold: float) -> CalibrationResult:
    read = 0

    def counted(items: Iterator[Member]) -> Iterator[Member]:
        nonlocal read
        for item in items:
            read += 1
            yield item

    with library.snapshot():
        groups = group_items(counted(library.items.iter_labels(ItemFilter(entries=flt))),
                             threshold=threshold, progress=progress, cancelled=cancelled)
        ids = {key[0] for group in groups for key in group.keys}
        rows = library.entries.page(Filter(ids=frozenset(ids)), limit=max(len(ids), 1))
    return CalibrationResult(groups, {row.id: row.title for row in rows}, read, flt, threshold)
