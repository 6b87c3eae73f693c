"""Finding duplicates in the background: its own thread and connection, no widget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ...core.duplicates import DuplicateGroup, find_in_library
from ...core.store import Filter, Library
from ..widgets.library_job import LibraryJob, Progress


@dataclass
class DuplicatesResult:
    groups: list[DuplicateGroup]
    titles: dict[str, str]
    entries: int
    filter: Filter | None
    """None: the whole library."""


class DuplicatesWorker(LibraryJob):
    """Finds the groups of a filter (or the whole library) in its own thread and connection."""

    def __init__(self, db_path: Path, flt: Filter | None, threshold: float) -> None:
        super().__init__(db_path, partial(_find, flt=flt, threshold=threshold),
                         "Finding duplicates")


def _find(library: Library, progress: Progress, cancelled: Callable[[], bool], *,
          flt: Filter | None, threshold: float) -> DuplicatesResult:
    groups = find_in_library(library, flt, threshold=threshold, progress=progress,
                             cancelled=cancelled)
    titles = library.duplicates.titles(i for group in groups for i in group.ids)
    return DuplicatesResult(groups, titles, library.entries.count(flt or Filter()), flt)
