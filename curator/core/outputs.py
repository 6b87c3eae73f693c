"""What the spreadsheet and report exports share: their options and the entry stream."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .exchange import Cancelled, Progress
from .model import SECTION_COLUMNS, SECTIONS
from .store import Filter, Library
from .store.outputs import GroupBy

CHUNK = 200
"""Entries read (with their items and reasons) at a time."""

SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    section: tuple(c.replace("10-year", "ten_year").replace("driving-force", "driving_force")
                   for c in columns if c != "relevancy")
    for section, columns in SECTION_COLUMNS.items()
}
"""The text fields of each section's items, in the seed format's column order."""

ALL_FIELDS = tuple(dict.fromkeys(f for fields in SECTION_FIELDS.values() for f in fields))

FIELD_TITLES = {"name": "Name", "description": "Description", "change": "Change",
                "ten_year": "In 10 years", "driving_force": "Driving force", "src": "Source"}


@dataclass(frozen=True)
class OutputOptions:
    """Choices shared by the spreadsheet and report exports."""

    min_relevancy: int = 1
    """Only items scored at least this (entries are kept even when none of theirs is)."""
    sections: tuple[str, ...] = SECTIONS
    """The sections written, in this order."""
    group_by: GroupBy = "category"
    """How a report groups its entries."""
    bom: bool = False
    """Start CSV files with a byte order mark, so that Excel reads them as UTF-8."""
    title: str = "Curator briefing"

    def __post_init__(self) -> None:
        if not 1 <= self.min_relevancy <= 5:
            raise ValueError("the minimum relevancy must be from 1 to 5")
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise ValueError(f"unknown section {unknown[0]!r}")


@dataclass
class ExportEntry:
    """One entry as read for an export, with the last reason of each item's score."""

    data: dict[str, Any]
    reasons: dict[str, str] = field(default_factory=dict)

    def items(self, section: str, min_relevancy: int = 1) -> list[tuple[int, dict[str, Any]]]:
        """(1-based position, item) of a section scored at least `min_relevancy`."""
        return [(position, item) for position, item in enumerate(self.data[section], start=1)
                if item["relevancy"] >= min_relevancy]

    def reason(self, section: str, position: int) -> str:
        return self.reasons.get(f"{section}.{position - 1}", "")


def iter_entries(
    library: Library,
    flt: Filter,
    *,
    order: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    total: int | None = None,
) -> Iterator[ExportEntry]:
    """The filter's entries, a chunk at a time; in `order` (a list of ids) when given.

    Raises Cancelled between chunks when asked to stop.
    """
    done = 0
    if total is None:
        total = len(order) if order is not None else library.entries.count(flt)
    for chunk in _chunks(library, flt, order):
        if cancelled and cancelled():
            raise Cancelled("Export cancelled; nothing was written.")
        reasons: dict[str, dict[str, str]] = {entry["id"]: {} for entry in chunk}
        for (entry_id, path), reason in library.outputs.latest_reasons(reasons).items():
            reasons[entry_id][path] = reason
        for entry in chunk:
            yield ExportEntry(entry, reasons[entry["id"]])
        done += len(chunk)
        if progress:
            progress(done, total)


def _chunks(library: Library, flt: Filter,
            order: Sequence[str] | None) -> Iterator[list[dict[str, Any]]]:
    if order is None:
        chunk: list[dict[str, Any]] = []
        for entry in library.entries.iter_dicts(flt):
            chunk.append(entry)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
        return
    for start in range(0, len(order), CHUNK):
        ids = order[start:start + CHUNK]
        found = {e["id"]: e for e in library.entries.iter_dicts(Filter(ids=frozenset(ids)))}
        # An entry deleted since the order was read is skipped, not an error.
        yield [found[i] for i in ids if i in found]


def joined(values: Sequence[str]) -> str:
    """Keywords or themes in one cell."""
    return "; ".join(values)


def other_value(entry: dict[str, Any], key: str) -> str:
    for name, value in entry["other"].items():
        if name.casefold() == key:
            return value or ""
    return ""
