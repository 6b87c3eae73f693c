"""What to export: which entries (all, the current filter, a selection, some statuses), in
which format with which options, and where; one value for the export dialog and the CLI, and
the one function both call to write it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Protocol

from .exchange import Progress, export_json, export_seed_folder
from .model import Status
from .outputs import OutputOptions
from .store import Filter, Library

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


class PdfWriter(Protocol):
    """Writes the report as PDF (Qt lays it out, so the GUI package provides it)."""

    def __call__(self, library: Library, flt: Filter, destination: str | os.PathLike[str],
                 options: OutputOptions, /, *, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> int: ...


def write_export(
    library: Library,
    flt: Filter,
    request: ExportRequest,
    *,
    pdf: PdfWriter | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the filter's entries in the request's format to its destination; return the
    entries written. The export dialog's task and `curator export` both call this.

    A PDF is written by `pdf`: the core cannot lay out a page without Qt.
    Raises Cancelled when `cancelled` says so (nothing is left under the final name), and
    OSError when the destination cannot be written (see `write_failure`).
    """
    destination = request.destination
    fmt = request.format
    if fmt == "json":
        return export_json(library, flt, destination, progress=progress, cancelled=cancelled)
    if fmt == "seed":
        return export_seed_folder(library, flt, destination, progress=progress,
                                  cancelled=cancelled)
    write: PdfWriter
    if fmt in ("csv", "xlsx"):
        # Imported here: XlsxWriter is loaded only by the exports that need it.
        from .spreadsheets import export_csv, export_xlsx

        write = export_csv if fmt == "csv" else export_xlsx
    elif fmt == "html":
        from .report import export_html as write
    elif fmt == "pdf":
        if pdf is None:
            raise ValueError("a PDF export needs a PDF writer (Qt's printing)")
        write = pdf
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return write(library, flt, destination, request.options, progress=progress,
                 cancelled=cancelled)


def write_failure(request: ExportRequest, error: OSError) -> str:
    """Why an export could not be written, naming the user's destination and what is left.

    (error.filename may name the file written aside, which the user never chose.)
    """
    reason = error.strerror or str(error)
    # A seed folder's files are moved into it only once all are written (exchange.py).
    return f"could not write to {request.destination}: {reason}. No file was written."
