"""What to export: which entries (all, the current filter, a selection, some statuses), in
which format with which options, and where; one value for the export dialog and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .model import Status
from .outputs import OutputOptions
from .store import Filter

Scope = Literal["all", "filter", "selected"]
Format = Literal["json", "seed", "csv", "xlsx", "html", "pdf"]

FORMATS: tuple[Format, ...] = ("json", "seed", "csv", "xlsx", "html", "pdf")
STATUSES = tuple(status.value for status in Status)


@dataclass(frozen=True)
class ExportRequest:
    """Which entries to export, in which format, and where."""

    scope: Scope = "all"
    statuses: frozenset[str] = field(default_factory=frozenset)
    """Only entries with one of these statuses; empty means any status."""
    format: Format = "json"
    destination: Path = Path()
    options: OutputOptions = field(default_factory=OutputOptions)
    """Minimum relevancy, sections, grouping and BOM, for the spreadsheets and reports."""

    def to_filter(self, current: Filter = Filter(),
                  selected_ids: frozenset[str] = frozenset()) -> Filter:
        """The core filter selecting the entries to export, given the filter the user looks
        at (scope "filter") and the entries selected (scope "selected")."""
        if self.scope == "all":
            flt = Filter()
        elif self.scope == "filter":
            flt = current
        elif self.scope == "selected":
            flt = Filter(ids=frozenset(selected_ids))
        else:
            raise ValueError(f"unknown export scope {self.scope!r}")
        unknown = self.statuses - set(STATUSES)
        if unknown:
            raise ValueError(f"unknown status {sorted(unknown)[0]!r}")
        if self.statuses:
            # An explicit status choice overrides the sidebar's status facet, excludes
            # included: ticking "rejected" while the list hides rejected means "rejected".
            flt = flt.without_facet("status")
            flt = replace(flt, include=flt.include | {("status", s) for s in self.statuses})
        return flt
